import Foundation

/// The tone a reply takes: plain, friendly, or opening with an apology for an upset customer.
public enum Tone: String, Sendable, CaseIterable {
    case neutral, warm, apologetic
}

/// All reply templates of one language, keyed by reply name, with tone variants.
///
/// Loaded from every `Responses/<lang>/*.json` file: `{"key": ["variant", …]}` or
/// `{"key": {"neutral": […], "warm": […], "apologetic": […]}}`.
public struct ResponseBook: Sendable {
    public let language: Language
    private(set) var entries: [String: [Tone: [Template]]] = [:]
    /// Where each key is defined, for error messages.
    private(set) var origins: [String: String] = [:]

    public init(language: Language) { self.language = language }

    public var keys: Dictionary<String, [Tone: [Template]]>.Keys { entries.keys }
    public func contains(_ key: String) -> Bool { entries[key] != nil }
    public func origin(of key: String) -> String? { origins[key] }

    /// Every template, for validation.
    public var allTemplates: [(key: String, template: Template)] {
        entries.flatMap { key, tones in tones.values.joined().map { (key, $0) } }
    }

    /// The variants for `key` in `tone`, falling back to neutral, then to any tone.
    public func variants(_ key: String, tone: Tone) -> [Template] {
        guard let tones = entries[key] else { return [] }
        if let v = tones[tone], !v.isEmpty { return v }
        if let v = tones[.neutral], !v.isEmpty { return v }
        return tones.values.first { !$0.isEmpty } ?? []
    }

    /// Adds the entries of one file; problems go to `reader`.
    public mutating func add(_ root: JSONNode, file: String, reader: JSONReader) {
        guard let members = reader.object(root, "") else { return }
        for member in members {
            let key = member.key
            if let previous = origins[key] {
                reader.problem("reply \"\(key)\" is already defined in \(previous)", at: member.value, path: key)
                continue
            }
            var tones: [Tone: [Template]] = [:]
            if member.value.array != nil {
                tones[.neutral] = templates(member.value, path: key, reader: reader)
            } else if let toneMembers = reader.object(member.value, key) {
                for t in toneMembers {
                    guard let tone = Tone(rawValue: t.key) else {
                        reader.problem("unknown tone \"\(t.key)\" (neutral, warm, apologetic)", at: t.value, path: key)
                        continue
                    }
                    tones[tone] = templates(t.value, path: "\(key).\(t.key)", reader: reader)
                }
            }
            if tones.values.allSatisfy(\.isEmpty) { continue }
            entries[key] = tones
            origins[key] = "\(file):\(member.value.line)"
        }
    }

    private func templates(_ node: JSONNode, path: String, reader: JSONReader) -> [Template] {
        let items = reader.array(node, path) ?? []
        if items.isEmpty { reader.problem("has no variants", at: node, path: path) }
        var out: [Template] = []
        for (i, item) in items.enumerated() {
            guard let text = reader.string(item, "\(path)[\(i)]") else { continue }
            do { out.append(try Template(text)) } catch { reader.problem(error.message, at: item, path: "\(path)[\(i)]") }
        }
        return out
    }
}
