/// Checks that span files: every intent answered in every language, every reply key the
/// dialogue uses defined, every placeholder fillable, no example under two intents.
struct DataChecks {
    let data: DataSet

    func run() -> [DataProblem] {
        var problems: [DataProblem] = []
        let names = Dictionary(uniqueKeysWithValues: data.intents.map { ($0.key, Set($0.value.map(\.name))) })
        let allNames = names.values.reduce(Set<String>()) { $0.union($1) }
        for language in Language.allCases {
            let dir = "Intents/\(language.rawValue)"
            for missing in allNames.subtracting(names[language] ?? []).sorted() {
                problems.append(DataProblem(file: "\(dir)/\(missing).json", line: nil, message: "missing: intent \"\(missing)\" exists in another language"))
            }
            problems += duplicateExamples(language)
            problems += unknownConcepts(language)
            guard let book = data.books[language] else { continue }
            let responsesDir = "Responses/\(language.rawValue)"
            for (key, reason) in ReplyKeys.required(intents: data.intents[language] ?? [], profile: data.profile).sorted(by: { $0.key < $1.key })
            where !book.contains(key) {
                problems.append(DataProblem(file: responsesDir, line: nil, message: "reply \"\(key)\" is used (\(reason)) but not defined"))
            }
            let known = Renderer.globalPlaceholders.union(Renderer.dialoguePlaceholders)
            for (key, template) in book.allTemplates {
                for p in template.placeholders where !known.contains(p) {
                    let origin = book.origin(of: key) ?? responsesDir
                    let parts = origin.split(separator: ":")
                    problems.append(DataProblem(file: String(parts[0]), line: parts.count > 1 ? Int(parts[1]) : nil,
                                                message: "\(key): placeholder {{\(p)}} is filled by nothing"))
                }
            }
        }
        if let profile = data.profile {
            for intent in profile.escalation.alwaysHuman where !allNames.contains(intent) {
                problems.append(DataProblem(file: "shop profile", line: nil, message: "escalation.always_human: unknown intent \"\(intent)\""))
            }
        }
        return problems
    }

    private func duplicateExamples(_ language: Language) -> [DataProblem] {
        var seen: [String: String] = [:]
        var problems: [DataProblem] = []
        for intent in data.intents[language] ?? [] {
            for (i, example) in intent.examples.enumerated() {
                let key = TextFolding.fold(example)
                if let other = seen[key], other != intent.name {
                    let line = i < intent.exampleLines.count ? intent.exampleLines[i] : nil
                    problems.append(DataProblem(file: intent.file, line: line, message: "examples[\(i)] \"\(example)\" is also an example of \(other)"))
                } else {
                    seen[key] = intent.name
                }
            }
        }
        return problems
    }

    private func unknownConcepts(_ language: Language) -> [DataProblem] {
        let concepts = data.lexicons[language]?.concepts ?? [:]
        var problems: [DataProblem] = []
        for intent in data.intents[language] ?? [] {
            for (r, rule) in intent.rules.enumerated() {
                for alt in (rule.all + rule.none).joined() where alt.hasPrefix("@") && concepts[String(alt.dropFirst())] == nil {
                    problems.append(DataProblem(file: intent.file, line: rule.line, message: "rules[\(r)]: unknown concept \(alt)"))
                }
            }
        }
        for (name, alternatives) in concepts {
            for alt in alternatives where alt.hasPrefix("@") && concepts[String(alt.dropFirst())] == nil {
                problems.append(DataProblem(file: "Intents/\(language.rawValue)/_lexicon.json", line: nil, message: "concepts.\(name): unknown concept \(alt)"))
            }
        }
        return problems
    }
}

/// The reply keys the dialogue can ask for, with why, so `amable check` can prove each exists.
public enum ReplyKeys {
    static let fixed = [
        "greet.welcome", "greet.again", "greet.intro", "goodbye", "thanks", "thanks.short", "survey.ask", "survey.thanks_good",
        "survey.thanks_bad", "survey.option.1", "survey.option.2", "survey.option.3", "survey.option.4", "survey.option.5",
        "empathy.upset", "slot.order_number.ask", "slot.order_number.help", "slot.order_number.invalid",
        "slot.order_number.resume", "slot.region.ask", "slot.region.resume", "order.not_found", "order.unavailable",
        "order.cancel.possible", "order.change.possible", "order.change.too_late", "shipping.general", "shipping.zone",
        "shipping.customs_note", "shipping.no_free_note", "shipping.vat_included", "shipping.vat_excluded", "shipping.free_over", "delivery.general",
        "delivery.zone", "clarify.ask", "fallback.rephrase", "fallback.empty", "too_long", "handoff.open",
        "handoff.closed_hours", "handoff.callback_saved", "handoff.waiting", "handoff.left_queue", "handoff.queue", "handoff.failed_understanding", "handoff.repeated",
        "handoff.agent_joined", "handoff.requeued", "handoff.resolved", "handoff.back_to_bot", "queue.wait.minutes",
        "menu.track_order", "menu.shipping_costs", "menu.return_item", "menu.contact_human_agent", "list.and",
        "day.mon", "day.tue", "day.wed", "day.thu", "day.fri", "day.sat", "day.sun", "date.day_month",
        "weekday.mon", "weekday.tue", "weekday.wed", "weekday.thu", "weekday.fri", "weekday.sat", "weekday.sun",
        "opening.today", "opening.tomorrow", "opening.later",
        "month.1", "month.2", "month.3", "month.4", "month.5", "month.6", "month.7", "month.8", "month.9", "month.10", "month.11", "month.12",
    ]

    public static func required(intents: [IntentDefinition], profile: ShopProfile?) -> [String: String] {
        var keys: [String: String] = [:]
        for k in fixed { keys[k] = "dialogue" }
        for intent in intents {
            keys["answer.\(intent.name)"] = "answer to \(intent.name)"
            keys["label.\(intent.name)"] = "name of \(intent.name) in menus and questions"
        }
        keys["order.track.shipped_late"] = "tracking an order on its way after the day it was due"
        for status in Order.Status.allCases {
            keys["status.\(status.rawValue)"] = "order status"
            keys["order.track.\(status.rawValue)"] = "tracking an order that is \(status.rawValue)"
            for intent in ["return_item", "get_refund", "track_refund", "damaged_item"] {
                keys["order.\(intent).\(status.rawValue)"] = "\(intent) for an order that is \(status.rawValue)"
            }
            if status != .preparing { keys["order.cancel.\(status.rawValue)"] = "cancelling an order that is \(status.rawValue)" }
        }
        if let profile {
            for zone in profile.shipping.zones { keys["zone.\(zone.id)"] = "shipping zone name" }
            for method in profile.paymentMethods { keys["payment.\(method)"] = "payment method name" }
            for intent in profile.escalation.alwaysHuman { keys["handoff.always_human.\(intent)"] = "always-human intent" }
        }
        return keys
    }
}
