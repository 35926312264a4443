#include "scheduler_commands.h"

namespace arshjul::cli {
namespace {

void AddChannelOptions(CLI::App* cmd, ChannelOptions& o) {
  cmd->add_option("--smtp-host", o.smtp_host, "SMTP-server för e-post (utan: ingen e-post)");
  cmd->add_option("--smtp-port", o.smtp_port, "SMTP-port")->capture_default_str();
  cmd->add_option("--smtp-security", o.smtp_security,
                  "none (lokal relä), starttls (port 587, t.ex. Exchange Online) eller tls (port 465)")
      ->capture_default_str();
  cmd->add_option("--smtp-user", o.smtp_user,
                  "Inloggning (AUTH) mot SMTP-servern; lösenordet från ARSHJUL_SMTP_PASSWORD eller --smtp-password-file");
  cmd->add_option("--smtp-password-file", o.smtp_password_file, "Fil med SMTP-lösenordet (första raden)");
  cmd->add_option("--smtp-from", o.sender, "Avsändaradress")->capture_default_str();
  cmd->add_option("--smtp-from-name", o.sender_name, "Avsändarnamn")->capture_default_str();
  cmd->add_option("--webhook", o.webhook_url, "https://-adress som får varje avisering som JSON (POST)");
  cmd->add_option("--ca-file", o.ca_file,
                  "CA-certifikat (PEM) att lita på för SMTP med TLS och https-webhookar i stället för systemets");
  cmd->add_option("--timeout-ms", o.timeout_ms, "Tidsgräns per SMTP- eller HTTP-steg")->capture_default_str();
}

}  // namespace

void AddSchedulerCommands(CLI::App& app, CliContext& ctx, int* exit_code) {
  auto serve_options = std::make_shared<ServeOptions>();  // shared: outlives this function in the callbacks
  auto* serve = app.add_subcommand("serve", "Kör påminnelsetjänsten: påminnelser, eskaleringar och uppsiktsnoteringar");
  serve->add_option("--template", serve_options->template_path,
                    "Årshjulets mall (YAML-fil eller namn); utan: hjulet som antagits i --data");
  serve->add_option("--org", serve_options->org_path, "Organisationsfil, om loggen ännu saknar organisationen");
  AddChannelOptions(serve, serve_options->channels);
  serve->add_flag("--log-channel", serve_options->channels.log, "Skriv även varje avisering som en JSON-rad");
  serve->add_option("--since", serve_options->since, "Skicka inget som förföll före detta datum (ÅÅÅÅ-MM-DD)");
  serve->add_option("--catch-up-days", serve_options->catch_up_days,
                    "Vid första starten: skicka i efterhand det som förföll så här många dagar bakåt")
      ->capture_default_str();
  serve->add_option("--clock-start", serve_options->clock_start,
                    "För test: låt klockan börja här (RFC 3339) …");
  serve->add_option("--clock-speed", serve_options->clock_speed, "… och gå så här många gånger fortare")
      ->capture_default_str();
  serve->add_option("--listen", serve_options->listen, "HTTP-API:ets adress ADRESS:PORT (port 0: en ledig)")
      ->capture_default_str();
  serve->add_option("--backup-dir", serve_options->backup_dir,
                    "Mapp där POST /api/v1/admin/backup skriver (standard: DATA-backups)");
  serve->add_option("--ready-file", serve_options->ready_file, "Skriv API:ets adress hit när tjänsten lyssnar");
  serve->add_option("--max-connections", serve_options->max_connections, "Högst så många samtidiga anslutningar")
      ->capture_default_str();
  serve->add_option("--checkpoint-key", serve_options->checkpoint_key,
                    "Privat nyckel (från keygen): signera loggen och skicka checkpointen till revisorerna");
  serve->add_option("--checkpoint-at", serve_options->checkpoint_at,
                    "När: kf (efter varje KF-sammanträde), year-end (vid årets slut), båda eller none")
      ->capture_default_str();
  serve->add_option("--trusted-proxy", serve_options->trusted_proxies,
                    "Omvänd proxy (IP-adress, kan upprepas) vars X-Forwarded-For anger klientens adress");
  serve->add_option("--tls-cert", serve_options->tls_cert, "Certifikatkedja (PEM): HTTPS i stället för HTTP");
  serve->add_option("--tls-key", serve_options->tls_key, "Privat nyckel (PEM) till --tls-cert");
  serve->add_option("--log-format", serve_options->log_format, "Begäranloggen på standard fel: text eller json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  serve->add_option("--request-timeout-ms", serve_options->request_timeout_ms,
                    "Längsta tid att läsa en hel begäran (millisekunder)")
      ->capture_default_str();
  serve->callback([&ctx, exit_code, serve_options] { *exit_code = RunServe(ctx, *serve_options); });

  auto sim = std::make_shared<SimulateOptions>();
  auto* simulate = app.add_subcommand(
      "simulate", "Simulera påminnelsetjänsten över en period med virtuell klocka; en JSON-rad per avisering");
  simulate->add_option("--from", sim->from, "Första dagen (ÅÅÅÅ-MM-DD)")->required();
  simulate->add_option("--to", sim->to, "Sista dagen (ÅÅÅÅ-MM-DD)")->required();
  simulate->add_option("--template", sim->template_path,
                       "Årshjulets mall (YAML-fil eller namn); utan: hjulet som antagits i --data");
  simulate->add_option("--org", sim->org_path, "Organisationsfil (utan: en kopia av loggen i --data)");
  simulate->add_flag("--deliver", sim->deliver, "Skicka också via e-post och webhook");
  simulate->add_flag("--body", sim->with_body, "Ta med meddelandets text i JSON-raderna");
  AddChannelOptions(simulate, sim->channels);
  simulate->callback([&ctx, exit_code, sim] { *exit_code = RunSimulate(ctx, *sim); });
}

}  // namespace arshjul::cli
