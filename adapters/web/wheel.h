// Wheel: the årshjul of one year drawn as an SVG wheel — months as sectors
// weighted by their days (clockwise from January at the top), one ring per
// organ or per process, periods as arcs, deadlines as pins, preliminary dates
// drawn dashed and hollow, a hand at today. Each item is a link (its details)
// with a title and an accessible name.
//
// Pure: the geometry and the SVG text are functions of the WheelSpec only (no
// clock, no I/O), so a fixed year and organisation give byte-identical output
// (tests/web/wheel_golden.svg). Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/organization.h"

namespace arshjul::web {

struct WheelRing {
  std::string key;    // the organ id or process id the items name
  std::string label;  // shown beside the ring (Swedish)
};

struct WheelItem {
  std::string id;
  std::string title;  // the accessible name and tooltip
  std::string ring;   // a WheelRing::key
  std::optional<engine::Date> from;  // a period's first day: drawn as an arc to the deadline
  engine::Date deadline{};
  bool preliminary = false;  // the date comes from a meeting plan not yet decided
  bool done = false;
  bool late = false;
  bool selected = false;  // the item whose details are shown
  std::string href;       // where clicking it leads ("" = not a link)
};

struct WheelSpec {
  int year = 0;
  std::string title;                // the SVG's <title>
  std::vector<WheelRing> rings;     // inner to outer
  std::vector<WheelItem> items;
  std::optional<engine::Date> today;  // the hand, when today lies in the year
  double size = 800;                  // the viewBox's width and height
};

// The angle of the start of day `d` in `year`, in degrees clockwise from the
// top: 0 at 1 January 00:00, 360 at the next 1 January. Days outside the year
// are clamped to [0, 360].
double AngleOf(engine::Date d, int year);

// The month sectors of `year`: [start, end) in degrees, weighted by days.
struct MonthSector {
  int month = 0;  // 1–12
  double start = 0, end = 0;
};
std::vector<MonthSector> MonthSectors(int year);

// A point on the circle of `radius` around (c, c) at `degrees` (clockwise from the top).
struct Point {
  double x = 0, y = 0;
};
Point PointAt(double c, double radius, double degrees);

// The SVG path of an annular sector between two radii and two angles.
std::string AnnularSectorPath(double c, double r_inner, double r_outer, double start_deg, double end_deg);

// The whole wheel as an SVG document (UTF-8, no XML declaration), stable
// for a given spec: numbers are printed with fixed precision.
std::string RenderWheelSvg(const WheelSpec& spec);

// Swedish month names ("januari" …), 1-based.
const char* MonthNameSv(int month);

}  // namespace arshjul::web
