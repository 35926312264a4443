#include "notification_service.h"

#include "arshjul/engine/local_time.h"

namespace arshjul::notify {

using engine::DeliveryOutcome;

Timestamp StartOfNextYear(Timestamp now) {
  int year = static_cast<int>(engine::LocalDate(now).year());
  return engine::LocalToUtc(std::chrono::year{year + 1} / std::chrono::January / 1, 0, 0);
}

NotificationService::NotificationService(storage::EventStore& store, engine::CommandHandler& handler,
                                         const Clock& clock, std::map<std::string, engine::Notifier*> channels,
                                         ServiceConfig config)
    : outbox_(store, handler), clock_(clock), channels_(std::move(channels)), config_(std::move(config)) {}

void NotificationService::Log(const std::string& line) const {
  if (config_.log) config_.log(line);
}

const engine::Organization& NotificationService::Org() const {
  const engine::Organization& recorded = outbox_.state().org;
  if (recorded.organs.empty() && config_.organization) return *config_.organization;
  return recorded;
}

// The last day of the year before the organisation's first role holding:
// years before it are not the kommun's in this log, and are not planned.
static bool BeforeOrganization(const engine::Organization& org, int year) {
  std::optional<engine::Date> first;
  for (const auto& h : org.holdings)
    if (!first || h.from < *first) first = h.from;
  return first && static_cast<int>(first->year()) > year;
}

void NotificationService::AdoptWheel() {
  const auto& adopted = state().annual_cycle;
  if (!config_.adopt || !adopted || adopted->source.event_id.ToHex() == adopted_wheel_) return;
  const bool first = adopted_wheel_.empty();  // the wheel the service started with
  adopted_wheel_ = adopted->source.event_id.ToHex();
  Status read = config_.adopt(*adopted);
  if (read.ok()) {
    if (!first) Log("årshjulet " + adopted->template_id + " antaget (position " + std::to_string(adopted->source.position) +
        "): planerar om");
  } else {
    Log("FEL: det antagna årshjulet " + adopted->template_id + " kan inte läsas, det förra gäller: " + read.message());
  }
}

Status NotificationService::RecordUnplannable(Timestamp now) {
  for (const auto& [year, error] : unplannable_) {
    if (state().notifications.count(engine::UnplannableYearFindingId(year))) continue;
    ARSHJUL_RETURN_IF_ERROR(outbox_.Schedule(engine::UnplannableYearFinding(Org(), year, error, now, config_.scheduler.channels)));
    ++counters_.scheduled;
  }
  return Status::Ok();
}

Status NotificationService::Replan(Timestamp now) {
  int year = static_cast<int>(engine::LocalDate(now).year());
  AdoptWheel();
  const engine::Organization& org = Org();
  std::set<std::string> anchors;
  for (const auto& s : planned_)
    if (s.after_completion_of && state().completed_steps.count(s.after_completion_of->instance_id))
      anchors.insert(s.after_completion_of->instance_id);
  std::vector<engine::StartTrigger> triggers = engine::StartTriggers(state());
  bool replan = !scheduler_ || year != planned_year_ || !(org == planned_org_) || triggers != planned_triggers_ ||
                adopted_wheel_ != planned_wheel_;
  if (!replan && anchors == planned_anchors_) return Status::Ok();
  if (replan) {
    if (!config_.plan) return Status::InvalidArgument("ingen planerare är inkopplad");
    planned_.clear();
    unplannable_.clear();
    int planned_years = 0;
    for (int y = year - config_.years_before; y <= year + config_.years_after; ++y) {
      auto instances = config_.plan(org, y);
      if (!instances.ok()) {
        if (BeforeOrganization(org, y)) continue;
        Log("FEL: årshjulet för " + std::to_string(y) + " kan inte planeras, inga påminnelser skickas för det året: " +
            instances.status().message() + " (uppsiktsnotering till kommunstyrelsen)");
        unplannable_[y] = instances.status().message();
        continue;
      }
      ++planned_years;
      planned_.insert(planned_.end(), instances->begin(), instances->end());
    }
    if (planned_years == 0) return Status::InvalidArgument("årshjulet kunde inte planeras för något år");
    if (config_.started) {
      auto started = config_.started(org, triggers, year - config_.years_before, year + config_.years_after);
      planned_.insert(planned_.end(), started.begin(), started.end());
    }
    planned_triggers_ = std::move(triggers);
    planned_year_ = year;
    planned_org_ = org;
    planned_wheel_ = adopted_wheel_;
    anchors.clear();
    for (const auto& s : planned_)
      if (s.after_completion_of && state().completed_steps.count(s.after_completion_of->instance_id))
        anchors.insert(s.after_completion_of->instance_id);
  }
  planned_anchors_ = anchors;
  scheduler_.emplace(engine::ApplyCompletionAnchors(planned_, state()), config_.scheduler);
  return Status::Ok();
}

Status NotificationService::Tick() {
  Timestamp now = clock_.Now();
  ARSHJUL_RETURN_IF_ERROR(outbox_.CatchUp());
  ARSHJUL_RETURN_IF_ERROR(Replan(now));
  ARSHJUL_RETURN_IF_ERROR(RecordUnplannable(now));
  ARSHJUL_RETURN_IF_ERROR(DeliverDue(now));
  engine::SchedulerDecision decision = scheduler_->Decide(Org(), state(), now);
  for (const auto& c : decision.cancel) {
    ARSHJUL_RETURN_IF_ERROR(outbox_.Cancel(c, now));
    ++counters_.cancelled;
  }
  for (const auto& n : decision.schedule) {
    ARSHJUL_RETURN_IF_ERROR(outbox_.Schedule(n));
    ++counters_.scheduled;
  }
  ARSHJUL_ASSIGN_OR_RETURN(int checkpoints, PublishCheckpoints(now));
  if (decision.schedule.empty() && checkpoints == 0) return Status::Ok();
  return DeliverDue(now);
}

Result<int> NotificationService::PublishCheckpoints(Timestamp now) {
  if (!config_.sign_checkpoint) return 0;
  int year = static_cast<int>(engine::LocalDate(now).year()), recorded = 0;
  for (int y = year - 1; y <= year; ++y) {
    for (const auto& occasion : engine::CheckpointOccasions(Org(), y, config_.checkpoints)) {
      const std::string id = engine::CheckpointNotificationId(occasion);
      if (occasion.at > now || state().notifications.count(id)) continue;
      if (config_.scheduler.not_before && occasion.at < *config_.scheduler.not_before) continue;
      // The checkpoint first (idempotent by its command id), then its notification: a crash
      // between the two signs nothing new on the next round and records the notification then.
      auto note = config_.sign_checkpoint(id, now);
      if (!note.ok()) return note.status().WithContext("checkpoint " + occasion.what);
      ARSHJUL_RETURN_IF_ERROR(
          outbox_.Schedule(engine::CheckpointNotification(Org(), occasion, *note, config_.scheduler.channels)));
      ++counters_.scheduled;
      ++recorded;
    }
  }
  return recorded;
}

std::optional<Timestamp> NotificationService::NextCheckpoint(Timestamp now) const {
  if (!config_.sign_checkpoint) return std::nullopt;
  int year = static_cast<int>(engine::LocalDate(now).year());
  for (const auto& occasion : engine::CheckpointOccasions(Org(), year, config_.checkpoints)) {
    if (occasion.at > now) return occasion.at;
  }
  return std::nullopt;
}

Status NotificationService::DeliverDue(Timestamp now) {
  std::set<std::string> down;
  for (const auto& due : engine::DueDeliveries(state(), now)) ARSHJUL_RETURN_IF_ERROR(DeliverOne(due, down));
  return Status::Ok();
}

Status NotificationService::DeliverOne(const engine::DueDelivery& due, std::set<std::string>& down_channels) {
  // Copies: recording changes the state the references would point into.
  const engine::NotificationRow n = state().notifications.at(due.notification_id);
  const engine::DeliveryRow d = n.deliveries.at(due.key);
  int attempt = d.attempts + 1;
  auto channel = channels_.find(d.channel);
  DeliveryOutcome outcome;
  if (channel == channels_.end() || !channel->second) {
    outcome = DeliveryOutcome::Permanent("kanalen '" + d.channel + "' är inte konfigurerad");
  } else if (down_channels.count(d.channel)) {
    outcome = DeliveryOutcome::Transient(d.channel + " nås inte just nu (" + d.last_error + ")", true);
  } else {
    if (before_send) before_send();
    ++counters_.attempts;
    outcome = channel->second->Deliver(n, d);
  }
  Timestamp at = clock_.Now();
  if (outcome.kind == DeliveryOutcome::Kind::kDelivered) {
    if (after_accepted) after_accepted();
    ARSHJUL_RETURN_IF_ERROR(outbox_.Delivered(n.id, due.key, at, attempt));
    ++counters_.delivered;
    return Status::Ok();
  }
  if (outcome.channel_down) down_channels.insert(d.channel);
  std::optional<Timestamp> next;
  if (outcome.kind == DeliveryOutcome::Kind::kTransient) next = config_.retry.NextAttempt(at, attempt);
  Log("leveransen " + n.id + " (" + due.key + "), försök " + std::to_string(attempt) + " misslyckades: " +
      outcome.error + (next ? ", nytt försök " + engine::FormatLocalRfc3339(*next) : ", ges upp"));
  ARSHJUL_RETURN_IF_ERROR(outbox_.Failed(n.id, due.key, attempt, outcome.error, next, at));
  ++counters_.failed;
  return Status::Ok();
}

std::optional<Timestamp> NotificationService::NextWakeUp() {
  Timestamp now = clock_.Now();
  Timestamp new_year = StartOfNextYear(now);
  if (!scheduler_) return now;
  std::optional<Timestamp> next = scheduler_->NextWakeUp(state(), now);
  if (auto checkpoint = NextCheckpoint(now); checkpoint && (!next || *checkpoint < *next)) next = checkpoint;
  return next && *next < new_year ? *next : new_year;
}

}  // namespace arshjul::notify
