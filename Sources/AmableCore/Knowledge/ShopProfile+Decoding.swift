import Foundation

extension ShopProfile {
    /// The shipping zones a profile must describe.
    public static let requiredZones = ["mainland", "balearic_islands", "canary_islands", "ceuta_melilla", "eu", "world"]
    static let weekdays = ["sun": 1, "mon": 2, "tue": 3, "wed": 4, "thu": 5, "fri": 6, "sat": 7]

    /// Decodes and validates a shop profile; problems go to `reader`, nil when unusable.
    public static func decode(_ root: JSONNode, reader: JSONReader) -> ShopProfile? {
        guard let members = reader.object(root, "") else { return nil }
        reader.rejectUnknownKeys(members, known: [
            "name", "website", "default_language", "currency", "support", "contact", "prices_include_vat", "vat_rate",
            "shipping", "returns", "cancellation", "payment_methods", "promotions", "escalation", "orders_file",
            "orders_url",
        ], path: "")
        let name = reader.string(root["name"], "name")
        let language = reader.string(root["default_language"], "default_language", required: false).flatMap { code in
            Language(rawValue: code) ?? { reader.problem("unknown language \"\(code)\" (es or en)", at: root["default_language"], path: "default_language"); return nil }()
        } ?? .es
        let currency = reader.string(root["currency"], "currency") ?? "EUR"
        let support = decodeSupport(root["support"], reader: reader)
        let contactNode = root["contact"]
        _ = reader.object(contactNode, "contact")
        let contact = Contact(
            email: reader.string(contactNode?["email"], "contact.email", required: false),
            phone: reader.string(contactNode?["phone"], "contact.phone", required: false),
            chat: reader.bool(contactNode?["chat"], "contact.chat", required: false) ?? true)
        let includesVAT = reader.bool(root["prices_include_vat"], "prices_include_vat")
        let vatRate = reader.number(root["vat_rate"], "vat_rate", range: 0...100)
        let shipping = decodeShipping(root["shipping"], reader: reader)
        let returnsNode = root["returns"]
        _ = reader.object(returnsNode, "returns")
        let returns = Returns(
            windowDays: Int(reader.number(returnsNode?["window_days"], "returns.window_days", range: 0...365) ?? 0),
            free: reader.bool(returnsNode?["free"], "returns.free") ?? false,
            cost: reader.number(returnsNode?["cost"], "returns.cost", required: false, range: 0...10_000) ?? 0,
            refundDays: Int(reader.number(returnsNode?["refund_days"], "returns.refund_days", range: 0...90) ?? 14))
        let cancelNode = root["cancellation"]
        let cancellation = Cancellation(
            fee: reader.number(cancelNode?["fee"], "cancellation.fee", required: false, range: 0...10_000) ?? 0,
            untilStatus: reader.string(cancelNode?["until_status"], "cancellation.until_status", required: false) ?? "preparing")
        let payments = reader.strings(root["payment_methods"], "payment_methods", nonEmpty: true)
        var promotions: [Promotion] = []
        for (i, node) in (reader.array(root["promotions"], "promotions", required: false) ?? []).enumerated() {
            let path = "promotions[\(i)]"
            var description: [Language: String] = [:]
            for (code, text) in reader.stringMap(node["description"], "\(path).description", required: true) {
                if let lang = Language(rawValue: code) { description[lang] = text }
            }
            promotions.append(Promotion(
                code: reader.string(node["code"], "\(path).code", required: false),
                percent: reader.number(node["percent"], "\(path).percent", required: false, range: 0...100),
                description: description,
                until: reader.string(node["until"], "\(path).until", required: false)))
        }
        let escNode = root["escalation"]
        let escalation = EscalationSettings(
            angerThreshold: reader.number(escNode?["anger_threshold"], "escalation.anger_threshold", required: false, range: 0...1) ?? 0.7,
            repeatedComplaints: Int(reader.number(escNode?["repeated_complaints"], "escalation.repeated_complaints", required: false, range: 2...10) ?? 3),
            failedUnderstandings: Int(reader.number(escNode?["failed_understandings"], "escalation.failed_understandings", required: false, range: 1...10) ?? 2),
            alwaysHuman: reader.strings(escNode?["always_human"], "escalation.always_human", required: false))
        guard let name, let support, let includesVAT, let vatRate, let shipping else { return nil }
        return ShopProfile(
            name: name, website: reader.string(root["website"], "website", required: false), defaultLanguage: language,
            currency: currency, support: support, contact: contact, pricesIncludeVAT: includesVAT, vatRate: vatRate,
            shipping: shipping, returns: returns, cancellation: cancellation, paymentMethods: payments,
            promotions: promotions, escalation: escalation,
            ordersFile: reader.string(root["orders_file"], "orders_file", required: false),
            ordersURL: reader.string(root["orders_url"], "orders_url", required: false))
    }

    static func decodeSupport(_ node: JSONNode?, reader: JSONReader) -> SupportHours? {
        guard reader.object(node, "support") != nil, let node else { return nil }
        guard let zoneName = reader.string(node["time_zone"], "support.time_zone") else { return nil }
        guard let timeZone = TimeZone(identifier: zoneName) else {
            reader.problem("unknown time zone \"\(zoneName)\"", at: node["time_zone"], path: "support.time_zone")
            return nil
        }
        var windows: [Int: [(open: Int, close: Int)]] = [:]
        for (i, w) in (reader.array(node["hours"], "support.hours", nonEmpty: true) ?? []).enumerated() {
            let path = "support.hours[\(i)]"
            let days = reader.strings(w["days"], "\(path).days", nonEmpty: true)
            guard let open = minutes(reader.string(w["open"], "\(path).open")),
                  let close = minutes(reader.string(w["close"], "\(path).close")), open < close
            else {
                reader.problem("open and close must be HH:MM with open before close", at: w, path: path)
                continue
            }
            for day in days {
                guard let weekday = weekdays[day.lowercased()] else {
                    reader.problem("unknown day \"\(day)\" (mon, tue, wed, thu, fri, sat, sun)", at: w["days"], path: "\(path).days")
                    continue
                }
                windows[weekday, default: []].append((open, close))
            }
        }
        return SupportHours(timeZone: timeZone, windows: windows)
    }

    static func minutes(_ hhmm: String?) -> Int? {
        guard let parts = hhmm?.split(separator: ":"), parts.count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m)
        else { return nil }
        return h * 60 + m
    }

    static func decodeShipping(_ node: JSONNode?, reader: JSONReader) -> Shipping? {
        guard reader.object(node, "shipping") != nil, let node else { return nil }
        let freeOver = reader.number(node["free_over"], "shipping.free_over", required: false, range: 0...1_000_000)
        var zones: [Zone] = []
        for (i, z) in (reader.array(node["zones"], "shipping.zones", nonEmpty: true) ?? []).enumerated() {
            let path = "shipping.zones[\(i)]"
            guard reader.object(z, path) != nil,
                  let id = reader.string(z["id"], "\(path).id"),
                  let price = reader.number(z["price"], "\(path).price", range: 0...100_000),
                  let dmin = reader.number(z["days_min"], "\(path).days_min", range: 0...365),
                  let dmax = reader.number(z["days_max"], "\(path).days_max", range: 0...365)
            else { continue }
            if dmin > dmax { reader.problem("days_min is after days_max", at: z, path: path) }
            zones.append(Zone(
                id: id, price: price, daysMin: Int(dmin), daysMax: Int(dmax),
                vatExempt: reader.bool(z["vat_exempt"], "\(path).vat_exempt", required: false) ?? false,
                customs: reader.bool(z["customs"], "\(path).customs", required: false) ?? false,
                freeShippingApplies: reader.bool(z["free_shipping"], "\(path).free_shipping", required: false) ?? true))
        }
        for required in requiredZones where !zones.contains(where: { $0.id == required }) {
            reader.problem("missing zone \"\(required)\"", at: node["zones"], path: "shipping.zones")
        }
        return Shipping(freeOver: freeOver, zones: zones)
    }
}
