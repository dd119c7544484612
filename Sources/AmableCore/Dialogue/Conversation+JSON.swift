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
        w.key("id"); w.string(id)
        w.key("language"); w.string(language.rawValue)
        w.key("languageFixed"); w.bool(languageFixed)
        w.key("state"); state.write(to: &w)
        w.key("mood"); try w.number(mood)
        w.key("turns"); w.int(turns)
        w.key("startedAt"); try w.number(startedAt.timeIntervalSince1970)
        w.key("updatedAt"); try w.number(updatedAt.timeIntervalSince1970)
        w.key("slots"); w.map(slots) { w, v in w.string(v) }
        w.key("replyCounts"); w.map(replyCounts) { w, v in w.int(v) }
        w.key("failedUnderstandings"); w.int(failedUnderstandings)
        w.key("repeats"); w.map(repeats) { w, v in w.int(v) }
        if let lastIntent { w.key("lastIntent"); w.string(lastIntent) }
        w.key("resolvedSinceSurvey"); w.bool(resolvedSinceSurvey)
        if let satisfaction { w.key("satisfaction"); w.int(satisfaction) }
        if let handoff {
            w.key("handoff")
            w.open()
            w.key("reason"); w.string(handoff.reason.rawValue)
            w.key("priority"); w.int(handoff.priority)
            if let intent = handoff.intent { w.key("intent"); w.string(intent) }
            w.key("createdAt"); try w.number(handoff.createdAt.timeIntervalSince1970)
            w.key("supportOpen"); w.bool(handoff.supportOpen)
            w.close()
        }
        w.key("offeredPerson"); w.bool(offeredPerson)
        w.key("heldMessages"); w.int(heldMessages)
        if let callback { w.key("callback"); w.string(callback) }
        w.close()
        return w.text
    }
}

extension Conversation.State {
    /// The synthesized `Codable` shape: `{"case": {associated values by label}}`.
    fileprivate func write(to w: inout JSONBytes) {
        w.open()
        switch self {
        case .start: w.key("start"); w.open(); w.close()
        case .idle: w.key("idle"); w.open(); w.close()
        case .awaitingSlot(let intent, let slot, let attempts):
            w.key("awaitingSlot")
            w.open()
            w.key("intent"); w.string(intent)
            w.key("slot"); w.string(slot)
            w.key("attempts"); w.int(attempts)
            w.close()
        case .clarifying(let options):
            w.key("clarifying")
            w.open()
            w.key("options"); w.array(options) { w, o in w.string(o) }
            w.close()
        case .awaitingSatisfaction: w.key("awaitingSatisfaction"); w.open(); w.close()
        case .escalated: w.key("escalated"); w.open(); w.close()
        case .closed: w.key("closed"); w.open(); w.close()
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

    mutating func string(_ s: String) { JSONText.appendQuoted(s, to: &bytes) }
    mutating func int(_ n: Int) { bytes.append(contentsOf: String(n).utf8) }
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
