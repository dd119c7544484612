import Foundation

extension Conversation {
    /// The conversation as the store keeps it: exactly what its `Codable` conformance gives
    /// `JSONEncoder` (dates as seconds since 1970), written by hand because every turn saves
    /// its conversation and the generic path cost a tenth of a turn. `JSONDecoder` reads it
    /// back; `ConversationJSONTests` compare both writers field by field and fail when a
    /// field is added here or there but not in both.
    public func storeJSON() throws -> String {
        var w = JSONBytes()
        w.open()
        w.staticKey("id"); w.string(id)
        w.staticKey("language"); w.string(language.rawValue)
        w.staticKey("languageFixed"); w.bool(languageFixed)
        w.staticKey("state"); state.write(to: &w)
        w.staticKey("mood"); try w.number(mood)
        w.staticKey("turns"); w.int(turns)
        w.staticKey("startedAt"); try w.number(startedAt.timeIntervalSince1970)
        w.staticKey("updatedAt"); try w.number(updatedAt.timeIntervalSince1970)
        w.staticKey("slots"); w.map(slots) { w, v in w.string(v) }
        w.staticKey("replyCounts"); w.map(replyCounts) { w, v in w.int(v) }
        w.staticKey("failedUnderstandings"); w.int(failedUnderstandings)
        w.staticKey("repeats"); w.map(repeats) { w, v in w.int(v) }
        if let lastIntent { w.staticKey("lastIntent"); w.string(lastIntent) }
        w.staticKey("resolvedSinceSurvey"); w.bool(resolvedSinceSurvey)
        if let satisfaction { w.staticKey("satisfaction"); w.int(satisfaction) }
        if let handoff {
            w.staticKey("handoff")
            w.open()
            w.staticKey("reason"); w.string(handoff.reason.rawValue)
            w.staticKey("priority"); w.int(handoff.priority)
            if let intent = handoff.intent { w.staticKey("intent"); w.string(intent) }
            w.staticKey("createdAt"); try w.number(handoff.createdAt.timeIntervalSince1970)
            w.staticKey("supportOpen"); w.bool(handoff.supportOpen)
            w.close()
        }
        w.staticKey("offeredPerson"); w.bool(offeredPerson)
        w.staticKey("heldMessages"); w.int(heldMessages)
        if let callback { w.staticKey("callback"); w.string(callback) }
        w.close()
        return w.text
    }
}

extension Conversation.State {
    /// The synthesized `Codable` shape: `{"case": {associated values by label}}`.
    fileprivate func write(to w: inout JSONBytes) {
        w.open()
        switch self {
        case .start: w.staticKey("start"); w.open(); w.close()
        case .idle: w.staticKey("idle"); w.open(); w.close()
        case .awaitingSlot(let intent, let slot, let attempts):
            w.staticKey("awaitingSlot")
            w.open()
            w.staticKey("intent"); w.string(intent)
            w.staticKey("slot"); w.string(slot)
            w.staticKey("attempts"); w.int(attempts)
            w.close()
        case .clarifying(let options):
            w.staticKey("clarifying")
            w.open()
            w.staticKey("options"); w.array(options) { w, o in w.string(o) }
            w.close()
        case .awaitingSatisfaction: w.staticKey("awaitingSatisfaction"); w.open(); w.close()
        case .escalated: w.staticKey("escalated"); w.open(); w.close()
        case .closed: w.staticKey("closed"); w.open(); w.close()
        }
        w.close()
    }
}

/// A compact JSON writer over bytes: commas come by themselves.
struct JSONBytes {
    private(set) var bytes: [UInt8] = []
    /// Whether the innermost open container has a member yet.
    private var filled: [Bool] = []

    init() { bytes.reserveCapacity(1_024) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func separate() {
        if let last = filled.last {
            if last { bytes.append(0x2C) }
            filled[filled.count - 1] = true
        }
    }

    mutating func open() { bytes.append(0x7B); filled.append(false) }
    mutating func close() { bytes.append(0x7D); filled.removeLast() }

    /// A member's key; its value follows.
    mutating func key(_ k: String) {
        separate()
        JSONText.appendQuoted(k, to: &bytes)
        bytes.append(0x3A)
    }

    /// A member's key written in this file: plain ASCII letters, nothing to escape.
    mutating func staticKey(_ k: StaticString) {
        separate()
        bytes.append(0x22)
        k.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(0x22)
        bytes.append(0x3A)
    }

    mutating func string(_ s: String) { JSONText.appendQuoted(s, to: &bytes) }
    mutating func int(_ n: Int) {
        if n < 0 { bytes.append(0x2D) }
        let magnitude = n.magnitude
        var divisor: UInt = 1
        while divisor <= magnitude / 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(0x30 + UInt8((magnitude / divisor) % 10))
            divisor /= 10
        }
    }
    mutating func bool(_ b: Bool) { bytes.append(contentsOf: (b ? "true" : "false").utf8) }
    mutating func number(_ n: Double) throws { bytes.append(contentsOf: try JSONText.number(n, codingPath: []).utf8) }

    mutating func map<V>(_ values: [String: V], _ value: (inout JSONBytes, V) -> Void) {
        open()
        for (k, v) in values {
            key(k)
            value(&self, v)
        }
        close()
    }

    mutating func array<V>(_ values: [V], _ value: (inout JSONBytes, V) -> Void) {
        bytes.append(0x5B)
        for (i, v) in values.enumerated() {
            if i > 0 { bytes.append(0x2C) }
            value(&self, v)
        }
        bytes.append(0x5D)
    }
}
