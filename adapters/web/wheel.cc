#include "wheel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "html.h"

namespace arshjul::web {
namespace {

using namespace std::chrono;

constexpr double kPi = 3.14159265358979323846;

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", std::abs(v) < 0.005 ? 0.0 : v);
  return buf;
}

int DaysIn(int year) { return static_cast<int>((sys_days{std::chrono::year{year + 1} / 1 / 1} - sys_days{std::chrono::year{year} / 1 / 1}).count()); }

// The wheel's radii, all from its size.
struct Radii {
  double c, outer, month_inner, ring_outer, hub;
};
Radii RadiiFor(double size) {
  double c = size / 2;
  return {c, c - 8, c - 52, c - 58, size * 0.14};
}

// Colours with at least 3:1 contrast against the sectors (WCAG 1.4.11); the
// state is also said in words (title) and shape (pin), never colour alone.
const char* ColourOf(const WheelItem& i) {
  if (i.done) return "#1b6e2e";
  if (i.late) return "#b3261e";
  return "#1d5fa6";
}

std::string PinSvg(const WheelItem& i, double x, double y, double r) {
  std::string colour = ColourOf(i);
  std::string stroke = i.selected ? "#000000" : "#ffffff";
  std::string width = i.selected ? "2.5" : "1.2";
  if (i.preliminary) {
    return "<circle class=\"pin preliminary\" cx=\"" + Num(x) + "\" cy=\"" + Num(y) + "\" r=\"" + Num(r) +
           "\" fill=\"#ffffff\" stroke=\"" + colour + "\" stroke-width=\"2\" stroke-dasharray=\"2.5 2\"/>";
  }
  if (i.late && !i.done) {
    double d = r * 1.25;
    return "<path class=\"pin late\" d=\"M" + Num(x) + " " + Num(y - d) + " L" + Num(x + d) + " " + Num(y) + " L" +
           Num(x) + " " + Num(y + d) + " L" + Num(x - d) + " " + Num(y) + " Z\" fill=\"" + colour + "\" stroke=\"" +
           stroke + "\" stroke-width=\"" + width + "\"/>";
  }
  std::string out = "<circle class=\"pin" + std::string(i.done ? " done" : "") + "\" cx=\"" + Num(x) + "\" cy=\"" +
                    Num(y) + "\" r=\"" + Num(r) + "\" fill=\"" + colour + "\" stroke=\"" + stroke +
                    "\" stroke-width=\"" + width + "\"/>";
  if (i.done) {
    out += "<circle cx=\"" + Num(x) + "\" cy=\"" + Num(y) + "\" r=\"" + Num(r * 0.38) + "\" fill=\"#ffffff\"/>";
  }
  return out;
}

// A period as an arc: decoration under the pins (the pin is the item's link).
std::string ArcSvg(const WheelItem& i, int year, const Radii& rd, double r_in, double r_out) {
  if (!i.from) return "";
  double a0 = AngleOf(*i.from, year);
  double a1 = AngleOf(engine::Date{sys_days{i.deadline} + days{1}}, year);
  if (a1 - a0 < 0.5) a1 = a0 + 0.5;
  // The period in one calm colour; the state is the pin's (shape and colour).
  double inset = (r_out - r_in) * 0.3;
  return "<path class=\"period" + std::string(i.preliminary ? " preliminary" : "") + "\" d=\"" +
         AnnularSectorPath(rd.c, r_in + inset, r_out - inset, a0, a1) + "\" fill=\"#5b7fa6\" fill-opacity=\"" +
         (i.preliminary ? "0.12" : "0.25") + "\" stroke=\"" + (i.selected ? "#000000" : "#5b7fa6") + "\"" +
         (i.preliminary ? " stroke-dasharray=\"4 3\"" : "") + " stroke-width=\"" + (i.selected ? "2" : "0.6") + "\"/>";
}

std::string ItemSvg(const WheelItem& i, int year, const Radii& rd, double r_in, double r_out) {
  std::string body = "<title>" + Escape(i.title) + "</title>";
  double width = r_out - r_in;
  double mid = (AngleOf(i.deadline, year) + AngleOf(engine::Date{sys_days{i.deadline} + days{1}}, year)) / 2;
  Point p = PointAt(rd.c, (r_in + r_out) / 2, mid);
  body += PinSvg(i, p.x, p.y, std::clamp(width * 0.34, 3.0, 8.0));
  if (i.href.empty()) return "<g class=\"item\">" + body + "</g>";
  return "<a class=\"item\" href=\"" + Escape(i.href) + "\" aria-label=\"" + Escape(i.title) + "\">" + body + "</a>";
}

std::string MonthsSvg(int year, const Radii& rd) {
  std::string out = "<g class=\"months\">";
  for (const MonthSector& m : MonthSectors(year)) {
    out += "<path d=\"" + AnnularSectorPath(rd.c, rd.hub, rd.outer, m.start, m.end) + "\" fill=\"" +
           (m.month % 2 ? "#eef2f6" : "#e2e8ef") + "\" stroke=\"#ffffff\" stroke-width=\"2\"/>";
    Point p = PointAt(rd.c, (rd.month_inner + rd.outer) / 2, (m.start + m.end) / 2);
    out += "<text x=\"" + Num(p.x) + "\" y=\"" + Num(p.y) + "\" text-anchor=\"middle\" dominant-baseline=\"central\" "
           "font-size=\"" + Num(rd.c * 0.036) + "\" fill=\"#1a1a1a\">" + MonthNameSv(m.month) + "</text>";
  }
  return out + "</g>";
}

std::string RingsSvg(const WheelSpec& spec, const Radii& rd, double ring_w) {
  std::string out = "<g class=\"rings\" fill=\"none\" stroke=\"#9aa7b4\" stroke-width=\"0.8\">";
  for (size_t k = 0; k <= spec.rings.size(); ++k) {
    out += "<circle cx=\"" + Num(rd.c) + "\" cy=\"" + Num(rd.c) + "\" r=\"" + Num(rd.hub + ring_w * k) + "\"/>";
  }
  out += "<circle cx=\"" + Num(rd.c) + "\" cy=\"" + Num(rd.c) + "\" r=\"" + Num(rd.month_inner) + "\"/></g>";
  out += "<g class=\"ring-labels\" font-size=\"" + Num(std::clamp(ring_w * 0.62, 7.0, 13.0)) +
         "\" fill=\"#1a1a1a\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">";
  for (size_t k = 0; k < spec.rings.size(); ++k) {
    double y = rd.c - (rd.hub + ring_w * (k + 0.5));
    out += "<text x=\"" + Num(rd.c - 4) + "\" y=\"" + Num(y) + "\" text-anchor=\"end\" dominant-baseline=\"central\">" +
           Escape(spec.rings[k].label) + "</text>";
  }
  return out + "</g>";
}

std::string HandSvg(const WheelSpec& spec, const Radii& rd) {
  if (!spec.today || static_cast<int>(spec.today->year()) != spec.year) return "";
  double a = (AngleOf(*spec.today, spec.year) + AngleOf(engine::Date{sys_days{*spec.today} + days{1}}, spec.year)) / 2;
  Point tip = PointAt(rd.c, rd.outer, a);
  Point base = PointAt(rd.c, rd.hub * 0.55, a);
  return "<g class=\"hand\"><title>Idag " + engine::ToString(*spec.today) + "</title><line x1=\"" + Num(base.x) +
         "\" y1=\"" + Num(base.y) + "\" x2=\"" + Num(tip.x) + "\" y2=\"" + Num(tip.y) +
         "\" stroke=\"#111111\" stroke-width=\"3\" stroke-linecap=\"round\"/><circle cx=\"" + Num(tip.x) + "\" cy=\"" +
         Num(tip.y) + "\" r=\"5\" fill=\"#111111\"/></g>";
}

// A ring's items in lanes (concentric bands inside the ring) so that periods
// that overlap in time do not cover each other: each item, in order of its
// start, takes the first lane free by then; at most as many lanes as fit
// (about 24 units wide each), the fullest sharing when there are more.
struct Lane {
  size_t lane = 0, lanes = 1;
};
std::map<const WheelItem*, Lane> Lanes(const std::vector<const WheelItem*>& items, int year, double ring_w) {
  size_t max_lanes = std::clamp<size_t>(static_cast<size_t>(ring_w / 24), 1, 6);
  std::vector<std::pair<double, const WheelItem*>> by_start;
  for (const WheelItem* i : items) by_start.emplace_back(AngleOf(i->from.value_or(i->deadline), year), i);
  std::stable_sort(by_start.begin(), by_start.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<double> lane_end;
  std::map<const WheelItem*, Lane> out;
  for (const auto& [start, i] : by_start) {
    double end = AngleOf(engine::Date{sys_days{i->deadline} + days{1}}, year) + 1.5;
    size_t lane = lane_end.size();
    for (size_t k = 0; k < lane_end.size(); ++k) {
      if (lane_end[k] <= start) {
        lane = k;
        break;
      }
    }
    if (lane == lane_end.size() && lane_end.size() == max_lanes) {
      lane = static_cast<size_t>(std::min_element(lane_end.begin(), lane_end.end()) - lane_end.begin());
    }
    if (lane == lane_end.size()) lane_end.push_back(0);
    lane_end[lane] = std::max(lane_end[lane], end);
    out[i].lane = lane;
  }
  for (auto& [i, l] : out) l.lanes = lane_end.size();
  return out;
}

}  // namespace

const char* MonthNameSv(int month) {
  static const char* kNames[] = {"januari", "februari", "mars",      "april",   "maj",      "juni",
                                 "juli",    "augusti",  "september", "oktober", "november", "december"};
  return month >= 1 && month <= 12 ? kNames[month - 1] : "";
}

double AngleOf(engine::Date d, int year) {
  auto start = sys_days{std::chrono::year{year} / 1 / 1};
  double day = static_cast<double>((sys_days{d} - start).count());
  return std::clamp(day / DaysIn(year) * 360.0, 0.0, 360.0);
}

std::vector<MonthSector> MonthSectors(int year) {
  std::vector<MonthSector> out;
  for (unsigned m = 1; m <= 12; ++m) {
    engine::Date first{std::chrono::year{year}, std::chrono::month{m}, std::chrono::day{1}};
    engine::Date next = m == 12 ? engine::Date{std::chrono::year{year + 1} / 1 / 1}
                                : engine::Date{std::chrono::year{year}, std::chrono::month{m + 1}, std::chrono::day{1}};
    double end = m == 12 ? 360.0 : AngleOf(next, year);
    out.push_back({static_cast<int>(m), AngleOf(first, year), end});
  }
  return out;
}

Point PointAt(double c, double radius, double degrees) {
  double rad = degrees * kPi / 180.0;
  return {c + radius * std::sin(rad), c - radius * std::cos(rad)};
}

std::string AnnularSectorPath(double c, double r_inner, double r_outer, double start_deg, double end_deg) {
  end_deg = std::min(end_deg, start_deg + 359.99);
  int large = end_deg - start_deg > 180 ? 1 : 0;
  Point o0 = PointAt(c, r_outer, start_deg), o1 = PointAt(c, r_outer, end_deg);
  Point i1 = PointAt(c, r_inner, end_deg), i0 = PointAt(c, r_inner, start_deg);
  std::string l = std::to_string(large);
  return "M" + Num(o0.x) + " " + Num(o0.y) + " A" + Num(r_outer) + " " + Num(r_outer) + " 0 " + l + " 1 " + Num(o1.x) +
         " " + Num(o1.y) + " L" + Num(i1.x) + " " + Num(i1.y) + " A" + Num(r_inner) + " " + Num(r_inner) + " 0 " + l +
         " 0 " + Num(i0.x) + " " + Num(i0.y) + " Z";
}

std::string RenderWheelSvg(const WheelSpec& spec) {
  Radii rd = RadiiFor(spec.size);
  double ring_w = spec.rings.empty() ? 0 : (rd.ring_outer - rd.hub) / static_cast<double>(spec.rings.size());
  std::map<std::string, size_t> ring_of;
  for (size_t k = 0; k < spec.rings.size(); ++k) ring_of[spec.rings[k].key] = k;
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"wheel\" viewBox=\"0 0 " + Num(spec.size) + " " +
                    Num(spec.size) + "\" font-family=\"Arial, Helvetica, sans-serif\" role=\"group\" aria-label=\"" +
                    Escape(spec.title) + "\"><title>" + Escape(spec.title) + "</title>";
  out += MonthsSvg(spec.year, rd);
  std::string rings = RingsSvg(spec, rd, ring_w);
  size_t labels = rings.find("<g class=\"ring-labels\"");
  out += rings.substr(0, labels);
  // Every arc first, then every pin on top; the selected item last.
  std::vector<const WheelItem*> order;
  for (const WheelItem& i : spec.items)
    if (ring_of.count(i.ring)) order.push_back(&i);
  std::stable_sort(order.begin(), order.end(), [](const WheelItem* a, const WheelItem* b) {
    return std::tuple(a->selected, !a->from.has_value()) < std::tuple(b->selected, !b->from.has_value());
  });
  std::map<const WheelItem*, Lane> lanes;
  for (const WheelRing& ring : spec.rings) {
    std::vector<const WheelItem*> in_ring;
    for (const WheelItem* i : order)
      if (i->ring == ring.key) in_ring.push_back(i);
    lanes.merge(Lanes(in_ring, spec.year, ring_w));
  }
  auto band = [&](const WheelItem* i) {
    double r0 = rd.hub + ring_w * static_cast<double>(ring_of[i->ring]);
    double w = ring_w / static_cast<double>(lanes[i].lanes);
    return std::pair{r0 + w * static_cast<double>(lanes[i].lane), r0 + w * static_cast<double>(lanes[i].lane + 1)};
  };
  out += "<g class=\"periods\" aria-hidden=\"true\">";
  for (const WheelItem* i : order) out += ArcSvg(*i, spec.year, rd, band(i).first, band(i).second);
  out += "</g><g class=\"items\">";
  for (const WheelItem* i : order) out += ItemSvg(*i, spec.year, rd, band(i).first, band(i).second);
  out += "</g>";
  out += rings.substr(labels);  // the ring names on top of the items
  out += HandSvg(spec, rd);
  out += "<circle cx=\"" + Num(rd.c) + "\" cy=\"" + Num(rd.c) + "\" r=\"" + Num(rd.hub * 0.98) +
         "\" fill=\"#ffffff\" stroke=\"#9aa7b4\"/>";
  out += "<text x=\"" + Num(rd.c) + "\" y=\"" + Num(rd.c) + "\" text-anchor=\"middle\" dominant-baseline=\"central\" "
         "font-size=\"" + Num(rd.c * 0.11) + "\" font-weight=\"bold\" fill=\"#1a1a1a\">" + std::to_string(spec.year) +
         "</text>";
  return out + "</svg>\n";
}

}  // namespace arshjul::web
