// WheelFromPlan: the wheel of a plan as the API serves it (GET /api/v1/plan's
// JSON): a ring per organ (in the order council, executive board, utskott,
// nämnder, bolag) or per process (the step's kind), an item per step
// instance with its period, deadline, preliminary flag and state on `today`.
// Pure; thread-safe.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "arshjul/engine/organization.h"
#include "wheel.h"

namespace arshjul::web {

struct WheelChoice {
  int year = 0;
  bool by_process = false;
  engine::Date today{};                        // for the hand and what is late
  std::string selected;                        // the instance whose details are open
  std::map<std::string, std::string> done;     // completed instance id → date
  std::function<std::string(const std::string& id)> href;  // an item's link; none when empty
};

WheelSpec WheelFromPlan(const nlohmann::json& plan, const engine::Organization& org, const WheelChoice& choice);

}  // namespace arshjul::web
