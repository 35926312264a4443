# Version 2 of the test payload in payload_v1.capnp: ordinals 0–2 unchanged,
# new fields with higher ordinals and defaults.
@0xb42bd3bb897e1fde;

$import "/capnp/c++.capnp".namespace("arshjul::testing::payload_v2");

struct DecisionPayload {
  title @0 :Text;
  amountKr @1 :Int64;
  sections @2 :List(Text);
  # Added in version 2.
  approved @3 :Bool = true;
  quorum @4 :UInt32 = 7;
  note @5 :Text = "ingen anteckning";
  seconder @6 :Person;
}

struct Person {
  name @0 :Text;
  role @1 :Text;
}
