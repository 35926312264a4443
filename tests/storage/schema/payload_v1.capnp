# Version 1 of a test payload, for schema_evolution_test.cc. payload_v2.capnp is
# the same struct one version later: it only adds fields with higher ordinals,
# as every persisted arshjul schema must.
@0xe653246cef904ade;

$import "/capnp/c++.capnp".namespace("arshjul::testing::payload_v1");

struct DecisionPayload {
  title @0 :Text;
  amountKr @1 :Int64;
  sections @2 :List(Text);
}
