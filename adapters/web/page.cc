#include "page.h"

#include "arshjul/engine/access.h"
#include "arshjul/engine/local_time.h"
#include "page_internal.h"
#include "show_command.h"

namespace arshjul::web {
namespace {

using http::beast_http::status;
using http::beast_http::verb;


constexpr const char* kLoginCookie = "arshjul_login";

std::string LoginForm(const std::string& csrf, const std::string& person, const std::string& error) {
  Field who;
  who.name = "person";
  who.label = "Användarnamn";
  who.value = person;
  who.hint = "Ditt användarnamn i kommunen, t.ex. sara-lindqvist";
  who.autocomplete = "username";
  Field pw;
  pw.name = "losenord";
  pw.label = "Lösenord";
  pw.autocomplete = "current-password";
  pw.error = error;
  std::string pw_html = FieldHtml(pw);
  // FieldHtml writes text inputs; a password is typed unseen.
  size_t at = pw_html.find("type=\"text\"");
  if (at != std::string::npos) pw_html.replace(at, 11, "type=\"password\"");
  return (error.empty() ? "" : ErrorSummary({pw}, "")) +
         "<form class=\"card\" method=\"post\" action=\"/logga-in\"><input type=\"hidden\" name=\"csrf\" value=\"" +
         Escape(csrf) + "\">" + FieldHtml(who) + pw_html +
         "<button type=\"submit\">Logga in</button></form>";
}

}  // namespace

http::Response HtmlResponse(const http::Request& req, http::beast_http::status st, std::string body) {
  http::Response res{st, req.version()};
  res.set(http::beast_http::field::content_type, "text/html; charset=utf-8");
  res.set(http::beast_http::field::cache_control, "no-store");
  // No script, no frames, forms only to ourselves.
  res.set("Content-Security-Policy",
          "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
          "frame-ancestors 'none'; base-uri 'none'");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "same-origin");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

std::string Visit::Q(const std::string& name) const {
  auto it = target.query.find(name);
  return it == target.query.end() ? std::string() : it->second;
}
std::string Visit::F(const std::string& name) const {
  auto it = form.find(name);
  return it == form.end() ? std::string() : it->second;
}
const engine::DomainState& Visit::State() { return api.state(); }
engine::Date Visit::Today() const { return api.today(); }

std::string Visit::PersonName(const std::string& person) {
  auto it = State().org.people.find(person);
  return it == State().org.people.end() || it->second.name.empty() ? person : it->second.name;
}
std::string Visit::OrganName(const std::string& organ) {
  const engine::Organ* o = State().org.FindOrgan(organ);
  return o && !o->name.empty() ? o->name : organ;
}

std::vector<std::pair<std::string, std::string>> Visit::Holdings() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& h : State().org.holdings)
    if (h.person_id == session.person && h.ActiveOn(Today())) out.emplace_back(h.role, h.organ);
  return out;
}

Result<nlohmann::json> Visit::Get(const std::string& api_target) {
  auto prefetched = fetched.find(api_target);
  http::Response res = prefetched != fetched.end() ? prefetched->second
                                                   : api.HandleAs(http::Request{verb::get, api_target, 11}, info, session.person);
  nlohmann::json body = nlohmann::json::parse(res.body(), nullptr, /*allow_exceptions=*/false);
  if (res.result() == status::ok && !body.is_discarded()) return body;
  std::string detail = body.is_object() ? body.value("detail", body.value("title", std::string())) : std::string();
  return Status::InvalidArgument(detail.empty() ? "kunde inte läsa " + api_target : detail, body.is_object() ? body.value("field", "") : "");
}

std::string Visit::TimeParams() const {
  std::string out;
  if (!Q("per").empty()) out += "asOf=" + UrlEncode(Q("per"));
  if (!Q("kand").empty()) out += std::string(out.empty() ? "" : "&") + "knownAt=" + UrlEncode(Q("kand"));
  return out;
}
std::string Visit::KeepTime() const { return Query({{"per", Q("per")}, {"kand", Q("kand")}}); }

std::string Visit::TimeNotice() const {
  if (Q("per").empty() && Q("kand").empty()) return "";
  std::string text = "Du ser läget";
  if (!Q("per").empty()) text += " som det gällde per " + Escape(Q("per"));
  if (!Q("kand").empty()) text += std::string(Q("per").empty() ? "" : ",") + " så som det var registrerat " + Escape(Q("kand"));
  return "<p class=\"notice\">" + text + ". <a href=\"" + Escape(target.path) + "\">Visa läget idag</a></p>";
}

http::Response Visit::Html(const std::string& title, const std::string& nav, const std::string& main_html, status st) {
  std::string notice = TimeNotice();
  if (!Q("registrerat").empty()) notice = "<p class=\"ok\" role=\"status\">Registrerat: " + Escape(Q("registrerat")) + ".</p>" + notice;
  Frame f{title, nav, PersonName(session.person), session.csrf, State().org.municipality_name, notice};
  return HtmlResponse(req, st, RenderDocument(f, main_html));
}

http::Response Visit::Error(const std::string& title, const std::string& message, status st) {
  return Html(title, "", ErrorBox(message), st);
}

http::Response Visit::Redirect(const std::string& location) {
  http::Response res{status::see_other, req.version()};
  res.set(http::beast_http::field::location, location);
  res.set(http::beast_http::field::cache_control, "no-store");
  res.keep_alive(req.keep_alive());
  res.prepare_payload();
  return res;
}

std::string CsrfField(const Visit& v) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + Escape(v.session.csrf) + "\">";
}

std::string ErrorBox(const std::string& message) {
  return "<div class=\"error-summary\" role=\"alert\"><p>" + Escape(message) + "</p></div>";
}

Page::Page(http::Api& api, PageOptions options) : api_(api), options_(options), sessions_(options.session_idle) {}

void Page::HandleAsync(const http::Request& req, const http::RequestInfo& info, http::Api::PageDone done) {
  auto routed = Handle(req, info);
  if (auto* res = std::get_if<http::Response>(&routed)) return done(std::move(*res));
  if (auto* submit = std::get_if<PendingCommand>(&routed)) {
    http::Request r{verb::post, "/api/v1/commands", 11};
    r.set(http::beast_http::field::content_type, "application/json");
    r.body() = submit->command.dump();
    r.prepare_payload();
    return api_.HandleAsAsync(std::move(r), info, submit->person,
                              [then = std::move(submit->then), done = std::move(done)](http::Response res) {
                                done(then(static_cast<int>(res.result_int()),
                                          nlohmann::json::parse(res.body(), nullptr, false)));
                              });
  }
  if (auto* read = std::get_if<PendingRead>(&routed)) {
    return api_.HandleAsAsync(http::Request{verb::get, read->api_target, 11}, info, read->person,
                              [then = std::move(read->then), done = std::move(done)](http::Response res) {
                                done(then(std::move(res)));
                              });
  }
  LogIn login = std::get<LogIn>(std::move(routed));
  std::string person = login.person, password = std::move(login.password);
  login.password.clear();
  api_.CheckPasswordAsync(person, password, info,
                          [this, &req, &info, login = std::move(login), done = std::move(done)](
                              std::variant<http::Caller, http::Response> checked) {
                            done(LoggedIn(req, info, login, checked));
                          });
}

http::Response Page::LoginPage(const http::Request& req, status st, const LogIn& login, const std::string& error) const {
  // One token per browser until it logs in: a second tab keeps the first one's.
  std::string token = login.cookie_token.size() == 64 ? login.cookie_token : RandomHex();
  http::Response res =
      HtmlResponse(req, st, RenderDocument({"Logga in", "", "", "", login.municipality, ""}, LoginForm(token, login.person, error)));
  res.set(http::beast_http::field::set_cookie, std::string(kLoginCookie) + "=" + token +
                                                   "; Path=/logga-in; HttpOnly; SameSite=Strict" + (options_.secure_cookies ? "; Secure" : ""));
  return res;
}

// After the password's check (on the io thread): a session and Mina uppgifter, or the form again.
http::Response Page::LoggedIn(const http::Request& req, const http::RequestInfo& info, const LogIn& login,
                              const std::variant<http::Caller, http::Response>& checked) {
  if (const auto* refused = std::get_if<http::Response>(&checked)) {
    bool limited = refused->result() == status::too_many_requests;
    return LoginPage(req, limited ? status::too_many_requests : status::unauthorized, login,
                     limited ? "För många misslyckade inloggningar. Vänta en minut och försök igen."
                             : "Fel användarnamn eller lösenord.");
  }
  Session s = sessions_.Create(login.person, api_.clock().Now());
  http::Target target = http::ParseTarget("/logga-in");
  http::Response res = Visit{api_, req, info, target, {}, s, "", {}}.Redirect("/uppgifter");
  res.set(http::beast_http::field::set_cookie, Sessions::CookieValue(s.id, options_.secure_cookies));
  res.insert(http::beast_http::field::set_cookie, std::string(kLoginCookie) + "=; Path=/logga-in; Max-Age=0; HttpOnly; SameSite=Strict");
  return res;
}

std::variant<http::Response, Page::LogIn, PendingCommand, PendingRead> Page::Handle(const http::Request& req, const http::RequestInfo& info) {
  http::Target target = http::ParseTarget(std::string_view(req.target().data(), req.target().size()));
  Timestamp now = api_.clock().Now();
  std::map<std::string, std::string> form;
  if (req.method() == verb::post) {
    auto ct = req.find(http::beast_http::field::content_type);
    if (ct == req.end() || !std::string_view(ct->value().data(), ct->value().size()).starts_with("application/x-www-form-urlencoded")) {
      return HtmlResponse(req, status::unsupported_media_type,
                          RenderDocument({"Fel innehållstyp", "", "", "", "", ""}, ErrorBox("Formuläret ska skickas som application/x-www-form-urlencoded.")));
    }
    http::Target body = http::ParseTarget("/?" + req.body());
    form = body.query;
  } else if (req.method() != verb::get && req.method() != verb::head) {
    return HtmlResponse(req, status::method_not_allowed, RenderDocument({"Metoden stöds inte", "", "", "", "", ""}, ""));
  }
  auto cookie = req.find(http::beast_http::field::cookie);
  std::optional<Session> session =
      cookie == req.end() ? std::nullopt : sessions_.Find(std::string_view(cookie->value().data(), cookie->value().size()), now);
  const std::string& path = target.path;
  std::string municipality = api_.state().org.municipality_name;

  if (path == "/logga-in") {
    if (req.method() == verb::get && session) return Visit{api_, req, info, target, form, *session, "", {}}.Redirect("/uppgifter");
    // Log-in CSRF: a double-submit token, in a cookie and in the form.
    LogIn login;
    login.cookie_token =
        cookie == req.end() ? "" : CookieOf(std::string_view(cookie->value().data(), cookie->value().size()), kLoginCookie);
    login.municipality = municipality;
    if (req.method() == verb::get) return LoginPage(req, status::ok, login, "");
    login.person = form["person"];
    if (login.cookie_token.empty() || !SecretEquals(login.cookie_token, form["csrf"])) {
      return LoginPage(req, status::forbidden, login, "Formulärets säkerhetskod stämmer inte. Skriv lösenordet igen.");
    }
    login.password = form["losenord"];
    return login;  // checked by HandleAsync, off the io thread
  }
  if (path == "/favicon.ico") return HtmlResponse(req, status::not_found, "");
  if (!session) {
    if (req.method() == verb::post) {
      return HtmlResponse(req, status::forbidden,
                          RenderDocument({"Sessionen har gått ut", "", "", "", municipality, ""},
                                         "<p>Logga in igen: <a href=\"/logga-in\">Logga in</a>. Inget har registrerats.</p>"));
    }
    http::Response res{status::see_other, req.version()};
    res.set(http::beast_http::field::location, "/logga-in");
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    return res;
  }
  Visit v{api_, req, info, target, std::move(form), *session, "", {}};
  if (req.method() == verb::post && !SecretEquals(v.F("csrf"), session->csrf)) {
    return v.Error("Formuläret kunde inte tas emot",
                   "Formulärets säkerhetskod stämmer inte (CSRF). Ladda om sidan och försök igen; inget har registrerats.",
                   status::forbidden);
  }
  if (path == "/logga-ut" && req.method() == verb::post) {
    sessions_.Remove(session->id);
    http::Response res = v.Redirect("/logga-in");
    res.set(http::beast_http::field::set_cookie, Sessions::CookieValue("", options_.secure_cookies));
    return res;
  }
  if (req.method() == verb::post) {
    if (path.starts_with("/registrera/")) {
      v.param = path.substr(12);
      auto submit = FormSubmit(v);
      if (auto* res = std::get_if<http::Response>(&submit)) return std::move(*res);
      return std::get<PendingCommand>(std::move(submit));
    }
    return v.Error("Finns inte", "Sidan tar inte emot formulär.", status::method_not_allowed);
  }
  if (path == "/") return v.Redirect("/uppgifter");
  if (path == "/uppgifter") return TasksPage(v);
  if (path == "/arshjul") return WheelPage(v);
  if (path == "/arshjul.svg") return WheelSvgDownload(v);
  if (path == "/uppsikt") return OversightPage(v);
  if (path == "/beslut") return DecisionsPage(v);
  if (path == "/rapporter") {
    if (v.Q("rapport").empty()) return ReportsPage(v, "", "", status::ok);
    // Drawn from the whole log: on the API's long-reads thread, then answered here.
    return PendingRead{ReportTarget(v), session->person,
                       [v](http::Response api) mutable { return ReportAnswer(v, std::move(api)); }};
  }
  if (path == "/revision") {
    // The verdict walks the whole log (a second per million events): verified
    // on the API's long-reads thread first, then rendered here.
    return PendingRead{"/api/v1/verify", session->person, [v](http::Response verify) mutable {
                         v.fetched.emplace("/api/v1/verify", std::move(verify));
                         return RevisionPage(v);
                       }};
  }
  if (path.starts_with("/revision/handelse/")) {
    v.param = path.substr(19);
    return EventPage(v);
  }
  if (path == "/registrera") return FormsIndex(v);
  if (path.starts_with("/registrera/")) {
    v.param = path.substr(12);
    return FormPage(v);
  }
  return v.Error("Sidan finns inte", "Det finns ingen sida " + path + ".", status::not_found);
}

}  // namespace arshjul::web
