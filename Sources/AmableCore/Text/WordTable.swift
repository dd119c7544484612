/// Folded words interned to small integer ids, so that understanding a message hashes each
/// token once and then answers every question about it from arrays indexed by id.
///
/// Open addressing with linear probing over the words' UTF-8 bytes and an FNV-1a hash:
/// Swift's `String` hashing (SipHash with a per-process seed) cost a tenth of the time of
/// understanding a message, spread over a dozen set and dictionary look-ups per token.
/// Filled while loading, then immutable like the rest of the matcher.
struct WordTable: Sendable {
    /// The words' bytes end to end; word `i` ends at `ends[i]` and starts where `i - 1` ends.
    private var bytes: [UInt8] = []
    private var ends: [Int32] = []
    /// Word id per slot, -1 for an empty slot; the count is a power of two, at most half full.
    private var slots = [Int32](repeating: -1, count: 64)
    /// Each word as a `String`, for the tokens that carry it.
    private(set) var words: [String] = []

    var count: Int { words.count }

    /// The id of `word`, adding it when it is new.
    @discardableResult
    mutating func intern(_ word: String) -> Int32 {
        if let id = id(of: word) { return id }
        if (words.count + 1) * 2 > slots.count { rehash(capacity: slots.count * 2) }
        let id = Int32(words.count)
        words.append(word)
        bytes.append(contentsOf: word.utf8)
        ends.append(Int32(bytes.count))
        place(id)
        return id
    }

    func id(of word: String) -> Int32? {
        var word = word
        return word.withUTF8 { id(of: $0) }
    }

    func id(of key: UnsafeBufferPointer<UInt8>) -> Int32? {
        id(of: key, hash: Self.hash(key))
    }

    /// The id of `key`, whose `hash(key)` the caller worked out (once for several tables).
    func id(of key: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32? {
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while true {
            let id = slots[slot]
            if id < 0 { return nil }
            if bytesOf(id, equal: key) { return id }
            slot = (slot + 1) & mask
        }
    }

    /// Calls `body` with the UTF-8 bytes of word `id`.
    func withBytes<R>(of id: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let r = range(of: id)
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[r])) }
    }

    /// FNV-1a: a few instructions a byte, and words are short.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for b in key { h = (h ^ UInt32(b)) &* 16_777_619 }
        return h
    }

    private func range(of id: Int32) -> Range<Int> {
        let i = Int(id)
        return (i == 0 ? 0 : Int(ends[i - 1]))..<Int(ends[i])
    }

    private func bytesOf(_ id: Int32, equal key: UnsafeBufferPointer<UInt8>) -> Bool {
        let r = range(of: id)
        guard r.count == key.count else { return false }
        return bytes.withUnsafeBufferPointer { all in
            var i = 0
            while i < key.count {
                if all[r.lowerBound + i] != key[i] { return false }
                i += 1
            }
            return true
        }
    }

    private mutating func place(_ id: Int32) {
        let r = range(of: id)
        let mask = slots.count - 1
        var slot = bytes.withUnsafeBufferPointer { Int(Self.hash(UnsafeBufferPointer(rebasing: $0[r]))) } & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = id
    }

    private mutating func rehash(capacity: Int) {
        slots = [Int32](repeating: -1, count: capacity)
        for id in words.indices { place(Int32(id)) }
    }
}
