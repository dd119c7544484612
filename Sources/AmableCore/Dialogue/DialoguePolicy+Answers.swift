import Foundation

extension DialoguePolicy {
    /// Shipping price and time for a zone, always saying what VAT and customs mean there.
    func shippingReplies(_ intent: String, region: String?, postalCode: String?) -> [Reply] {
        guard let id = region, let zone = profile.shipping.zone(id) else {
            let mainland = profile.shipping.zone("mainland")
            var replies = [Reply(intent == "shipping_costs" ? "shipping.general" : "delivery.general", values: zoneValues(mainland))]
            if intent == "shipping_costs" {
                replies.append(Reply(profile.pricesIncludeVAT ? "shipping.vat_included" : "shipping.vat_excluded", values: zoneValues(mainland)))
            }
            replies.append(Reply("slot.region.ask"))
            return replies
        }
        var replies = [Reply(intent == "shipping_costs" ? "shipping.zone" : "delivery.zone", values: zoneValues(zone, postalCode: postalCode))]
        if zone.vatExempt || zone.customs {
            replies.append(Reply("shipping.customs_note", values: zoneValues(zone)))
        } else if intent == "shipping_costs" {
            replies.append(Reply(profile.pricesIncludeVAT ? "shipping.vat_included" : "shipping.vat_excluded", values: zoneValues(zone)))
        }
        return replies
    }

    func zoneValues(_ zone: ShopProfile.Zone?, postalCode: String? = nil) -> [String: Reply.Value] {
        var v: [String: Reply.Value] = [:]
        if let zone {
            v["zone.name"] = .key("zone.\(zone.id)")
            v["zone.price"] = .price(zone.price)
            v["zone.days_min"] = .text(String(zone.daysMin))
            v["zone.days_max"] = .text(String(zone.daysMax))
            v["shipping.free_note"] = profile.shipping.freeOver == nil ? .text("")
                : zone.freeShippingApplies ? .key("shipping.free_over") : .key("shipping.no_free_note")
        }
        v["postal_code"] = .text(postalCode ?? "")
        return v
    }

    /// What to tell the customer about an order, by intent and status.
    func orderReplies(_ intent: String, number: String, lookup: OrderLookup?, at now: Date) -> [Reply] {
        let base: [String: Reply.Value] = ["order.number": .text(number)]
        switch lookup {
        case .notFound?:
            return [Reply("order.not_found", values: base)]
        case .unavailable?, nil:
            return [Reply("order.unavailable", values: base, quickReplies: ["menu.contact_human_agent"])]
        case .found(let order)?:
            var values = base
            values["order.status"] = .key("status.\(order.status.rawValue)")
            values["order.carrier"] = .text(order.carrier ?? "")
            values["order.tracking"] = .text(order.tracking ?? "")
            values["order.tracking_url"] = .text(order.trackingURL ?? "")
            values["order.eta"] = order.estimatedDelivery.map(Reply.Value.day) ?? .text("")
            values["order.delivered_on"] = order.deliveredOn.map(Reply.Value.day) ?? .text("")
            values["order.items"] = .text(order.items ?? "")
            let status = order.status.rawValue
            switch intent {
            case "track_order", "delivery_period":
                // On its way but past the day it was due: say it is late, and offer a person.
                if order.status == .shipped, let eta = order.estimatedDelivery, Renderer.parseISODay(eta) != nil,
                   eta < Renderer.isoDay(now, zone: profile.support.timeZone) {
                    return [Reply("order.track.shipped_late", values: values, quickReplies: ["menu.contact_human_agent"])]
                }
                return [Reply("order.track.\(status)", values: values)]
            case "cancel_order":
                return order.status == .preparing
                    ? [Reply("order.cancel.possible", values: values, quickReplies: ["menu.contact_human_agent"])]
                    : [Reply("order.cancel.\(status)", values: values)]
            case "change_order", "change_shipping_address":
                return order.status == .preparing
                    ? [Reply("order.change.possible", values: values, quickReplies: ["menu.contact_human_agent"])]
                    : [Reply("order.change.too_late", values: values)]
            case "return_item", "get_refund", "track_refund", "damaged_item":
                return [Reply("order.\(intent).\(status)", values: values)]
            default:
                return [Reply("answer.\(intent)", values: values)]
            }
        }
    }
}

/// Prices as a customer reads them: `4,95 €` in Spanish, `€4.95` in English.
public enum PriceFormat {
    public static func format(_ amount: Double, currency: String, language: Language = .es) -> String {
        let cents = Int((amount * 100).rounded())
        let whole = cents / 100, fraction = cents % 100
        let symbol = currency == "EUR" ? "€" : currency
        let decimals = fraction == 0 ? "" : (fraction < 10 ? "0" : "") + String(fraction)
        switch language {
        case .es: return decimals.isEmpty ? "\(whole) \(symbol)" : "\(whole),\(decimals) \(symbol)"
        case .en: return decimals.isEmpty ? "\(symbol)\(whole)" : "\(symbol)\(whole).\(decimals)"
        }
    }
}
