import Testing
@testable import AmableHTTP

/// FIPS 180-4 examples (NIST's "SHA256.pdf" example values) and padding edge cases.
@Suite struct SHA256Tests {
    @Test(arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func hash_matchesTheFIPSExamples(message: String, digest: String) {
        #expect(SHA256.hash(Array(message.utf8)).hex == digest)
    }

    /// 55, 56 and 64 bytes: the lengths where the padding needs one block or two.
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
    ])
    func hash_padsCorrectly_atBlockBoundaries(count: Int, digest: String) {
        #expect(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: count)).hex == digest)
    }

    @Test func update_inPieces_equalsOneMillionAs() {
        var h = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { h.update(chunk) }
        #expect(h.finalize().hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func update_byteByByte_equalsOneShot() {
        let message = Array("The quick brown fox jumps over the lazy dog, twice: the quick brown fox jumps over the lazy dog".utf8)
        var h = SHA256()
        for b in message { h.update([b]) }
        #expect(h.finalize() == SHA256.hash(message))
    }

    @Test func hex_roundTrips_andRejectsMalformed() {
        #expect([UInt8](hex: "00ff7Fa0")! == [0, 255, 127, 160])
        #expect([UInt8](hex: "abc") == nil)
        #expect([UInt8](hex: "zz") == nil)
        #expect([UInt8]([1, 171]).hex == "01ab")
    }
}
