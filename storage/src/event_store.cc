// What every EventStore backend shares that is not an append helper.
#include "arshjul/storage/event_store.h"

namespace arshjul::storage {

Status EventStore::Import(const std::vector<RecordedEvent>&) {
  return Status::InvalidArgument("detta datalager kan inte ta emot en kopierad logg", "--to");
}

}  // namespace arshjul::storage
