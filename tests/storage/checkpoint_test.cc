// Signed checkpoints: Ed25519 key texts, the C2SP checkpoint body and its
// signed note; a note changed in any way or signed by another key is refused.
#include <gtest/gtest.h>

#include "arshjul/storage/checkpoint.h"
#include "arshjul/storage/merkle.h"

namespace arshjul::storage {
namespace {

struct Keys {
  SigningKey priv;
  VerifierKey pub;
  std::string priv_text, pub_text;
};

Keys MakeKeys(const std::string& name) {
  auto pair = GenerateKeyPair(name);
  EXPECT_TRUE(pair.ok()) << pair.status().ToString();
  Keys k;
  k.priv_text = pair->first;
  k.pub_text = pair->second;
  k.priv = *ParseSigningKey(k.priv_text);
  k.pub = *ParseVerifierKey(k.pub_text);
  return k;
}

Checkpoint Sample() { return {"exempelkommun.se/arshjul", 1234, merkle::LeafHash("x"), "2027-12-31T23:00:00Z"}; }

TEST(Checkpoint, KeyTextsHaveTheSignedNoteForm) {
  Keys k = MakeKeys("exempelkommun.se/arshjul");
  EXPECT_TRUE(k.priv_text.starts_with("PRIVATE+KEY+exempelkommun.se/arshjul+"));
  EXPECT_TRUE(k.pub_text.starts_with("exempelkommun.se/arshjul+"));
  EXPECT_EQ(k.pub_text, VerifierKeyText(k.priv) + "\n");
  EXPECT_EQ(k.pub.public_key, k.priv.public_key);
  EXPECT_FALSE(GenerateKeyPair("has space").ok());
  EXPECT_FALSE(GenerateKeyPair("a+b").ok());
  EXPECT_FALSE(ParseVerifierKey("name+00000000+AQ==").ok());
  std::string wrong_id = k.pub_text;
  wrong_id[wrong_id.find('+') + 1] ^= 1;
  EXPECT_FALSE(ParseVerifierKey(wrong_id).ok());
  EXPECT_FALSE(ParseSigningKey(k.pub_text).ok());
}

TEST(Checkpoint, SignedNoteVerifiesAndRoundTrips) {
  Keys k = MakeKeys("log");
  auto note = SignCheckpoint(Sample(), k.priv);
  ASSERT_TRUE(note.ok());
  std::string expected_body = "exempelkommun.se/arshjul\n1234\n" + Base64(std::string(reinterpret_cast<const char*>(Sample().root.data()), 32)) +
                              "\nTime: 2027-12-31T23:00:00Z\n";
  EXPECT_TRUE(note->starts_with(expected_body + "\n\xE2\x80\x94 log ")) << *note;
  auto back = VerifyCheckpoint(*note, k.pub);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, Sample());
}

TEST(Checkpoint, ChangedNoteOrOtherKeyIsRefused) {
  Keys k = MakeKeys("log");
  Keys other = MakeKeys("log");  // same name, another key
  std::string note = *SignCheckpoint(Sample(), k.priv);

  std::string raised = note;
  raised.replace(raised.find("1234"), 4, "1235");
  EXPECT_EQ(VerifyCheckpoint(raised, k.pub).status().code(), StatusCode::kCorruption);
  EXPECT_NE(VerifyCheckpoint(raised, k.pub).status().message().find("signatur"), std::string::npos);

  std::string by_other = *SignCheckpoint(Sample(), other.priv);
  EXPECT_FALSE(VerifyCheckpoint(by_other, k.pub).ok());
  EXPECT_NE(VerifyCheckpoint(by_other, k.pub).status().message().find("inte signerad med nyckeln"), std::string::npos);

  std::string bad_sig = note;
  bad_sig[bad_sig.size() - 5] = bad_sig[bad_sig.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyCheckpoint(bad_sig, k.pub).ok());
  EXPECT_FALSE(VerifyCheckpoint(note.substr(0, note.find("\n\n") + 1), k.pub).ok());
}

TEST(Checkpoint, MalformedBodiesNameTheLine) {
  EXPECT_NE(ParseCheckpointBody("o\nx12\nAAAA\n").status().message().find("rad 2"), std::string::npos);
  EXPECT_NE(ParseCheckpointBody("o\n12\nAAAA\n").status().message().find("rad 3"), std::string::npos);
  EXPECT_NE(ParseCheckpointBody("o\n12\n").status().message().find("för få rader"), std::string::npos);
  EXPECT_FALSE(ParseCheckpointBody("o\n012\n" + Base64(std::string(32, 'a')) + "\n").ok());
  EXPECT_TRUE(ParseCheckpointBody("o\n12\n" + Base64(std::string(32, 'a')) + "\n").ok());
}

}  // namespace
}  // namespace arshjul::storage
