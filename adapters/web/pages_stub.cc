#include "page_internal.h"
namespace arshjul::web {
http::Response RevisionPage(Visit& v) { return v.Html("Revision", "revision", ""); }
http::Response EventPage(Visit& v) { return v.Html("Händelse", "revision", ""); }
http::Response FormsIndex(Visit& v) { return v.Html("Registrera", "registrera", ""); }
http::Response FormPage(Visit& v) { return v.Html("Registrera", "registrera", ""); }
http::Response FormSubmit(Visit& v) { return v.Html("Registrera", "registrera", ""); }
}
