# The envelope every stored event is written in. Persisted format: see
# docs/storage-format.md.
#
# Rule for this schema (and every persisted schema in arshjul): add fields with
# higher ordinals only; never renumber, retype, reuse or remove a field.
@0xdb7519fc3dad8df0;

$import "/capnp/c++.capnp".namespace("arshjul::storage::schema");

struct Actor {
  personId @0 :Text;
  role @1 :Text;
  organ @2 :Text;
}

struct Envelope {
  eventId @0 :Data;          # 16 bytes, random
  streamId @1 :Text;         # e.g. "committee/bun/decisions"
  streamVersion @2 :UInt64;  # dense per stream, from 0
  globalPosition @3 :UInt64; # dense across all streams, from 0
  recordedAtUs @4 :Int64;    # UTC microseconds since the epoch, from the injected clock
  effectiveAtUs @5 :Int64;   # business time (may lie in the past), UTC microseconds
  actor @6 :Actor;
  commandId @7 :Text;        # idempotency key of the append that wrote it
  causationId @8 :Data;      # 16 bytes or empty
  correlationId @9 :Data;    # 16 bytes or empty
  eventType @10 :Text;
  schemaVersion @11 :UInt32; # version of the payload schema
  payload @12 :Data;         # a Cap'n Proto message of the domain's schema
  prevHash @13 :Data;        # 32 bytes: the previous event's hash (zeros for position 0)
}
