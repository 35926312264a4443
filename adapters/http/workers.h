// Workers: where the service's slow work runs, so the io thread (HTTP, the
// reminder timer) never waits for it. Two places:
//   - the command thread: POST /commands is decided and appended there, one
//     command at a time (the command handler's order), while the io thread
//     goes on reading, authenticating and answering the next requests — the
//     disk's sync no longer stalls the HTTP work of the other connections;
//   - the password pool (2 threads): Argon2id checks of page log-ins, which
//     take tens of milliseconds by design;
//   - the long-reads thread: what reads the whole log or much of it —
//     GET /verify (about a second per million events), POST /admin/backup and
//     GET /revision-package (seconds for a nämnd's year) — one at a time, so
//     that two revisors' packages leave the other CPU to everyone else.
// Each job's result is handed back to the io thread, and the io_context is
// kept running until it has been (an in-flight request finishes on shutdown).
//
// Owns its threads; the destructor waits for them. Submit from the io thread.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <utility>

namespace arshjul::http {

class Workers {
 public:
  explicit Workers(boost::asio::io_context& io, size_t password_threads = 2)
      : io_(io), commands_(1), passwords_(password_threads), long_reads_(1) {}
  ~Workers() {
    commands_.join();
    passwords_.join();
    long_reads_.join();
  }
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;

  // Runs `work()` on the command thread, then `done(result)` on the io thread.
  template <class Work, class Done>
  void Command(Work work, Done done) {
    Run(commands_, std::move(work), std::move(done));
  }
  // Runs `work()` on the password pool, then `done(result)` on the io thread.
  template <class Work, class Done>
  void Password(Work work, Done done) {
    Run(passwords_, std::move(work), std::move(done));
  }
  // Runs `work()` on the long-reads thread, then `done(result)` on the io thread.
  template <class Work, class Done>
  void LongRead(Work work, Done done) {
    Run(long_reads_, std::move(work), std::move(done));
  }

 private:
  template <class Work, class Done>
  void Run(boost::asio::thread_pool& pool, Work work, Done done) {
    auto guard = std::make_shared<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>(
        io_.get_executor());
    boost::asio::post(pool, [this, guard, work = std::move(work), done = std::move(done)]() mutable {
      auto result = std::make_shared<decltype(work())>(work());
      boost::asio::post(io_, [guard, result, done = std::move(done)]() mutable {
        done(std::move(*result));
        guard->reset();
      });
    });
  }

  boost::asio::io_context& io_;
  boost::asio::thread_pool commands_;
  boost::asio::thread_pool passwords_;
  boost::asio::thread_pool long_reads_;
};

}  // namespace arshjul::http
