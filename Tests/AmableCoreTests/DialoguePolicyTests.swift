import Foundation
import Testing
@testable import AmableCore

/// The dialogue policy as a pure value: state in, understanding and time in, state and decision out.
@Suite struct DialoguePolicyTests {
    static let profile: ShopProfile = {
        let root = try! JSONParser.parse(DataFixture.profile.replacingOccurrences(of: "\"payment_methods\"",
            with: "\"escalation\": {\"always_human\": [\"damaged_item\"]}, \"payment_methods\""))
        return ShopProfile.decode(root, reader: JSONReader(file: "profile"))!
    }()
    static let emoji: EmojiSignals = {
        var e = EmojiSignals()
        e.ratingGood = ["👍"]
        e.ratingBad = ["👎"]
        return e
    }()
    let policy = DialoguePolicy(profile: Self.profile, orderIntents: ["track_order", "cancel_order", "damaged_item", "return_item"], emoji: Self.emoji)
    /// Monday 2026-11-23 11:00 in Madrid: support is open.
    let monday = ISO8601DateFormatter().date(from: "2026-11-23T10:00:00Z")!
    /// Sunday 2026-11-22 12:00 in Madrid: support is closed until Monday 09:00.
    let sunday = ISO8601DateFormatter().date(from: "2026-11-22T11:00:00Z")!

    func make(_ intent: String, text: String = "…", confidence: Double = 0.9, also: [String] = [], ambiguous: Bool = false,
              alternatives: [ScoredIntent] = [], entities: Entities = Entities(), places: [String] = [], mood: Double = 0,
              threat: Bool = false) -> Understanding {
        Understanding(text: text, language: .es, intent: intent, confidence: confidence, alternatives: alternatives, also: also,
                      ambiguous: ambiguous, entities: entities, places: places, mood: Mood(score: mood), threat: threat,
                      explanation: Explanation())
    }

    func fresh() -> Conversation { Conversation(id: "t", language: .es, languageFixed: true, startedAt: monday) }

    func keys(_ d: Decision) -> [String] { d.replies.map(\.key) }

    /// Runs several messages in a row, one minute apart.
    func talk(_ messages: [Understanding], from start: Conversation? = nil, at time: Date? = nil, lookup: OrderLookup? = nil) -> (Conversation, [Decision]) {
        var c = start ?? fresh()
        var decisions: [Decision] = []
        var now = time ?? monday
        for u in messages {
            let (next, d) = policy.next(c, u, lookup: lookup, at: now)
            c = next
            decisions.append(d)
            now += 60
        }
        return (c, decisions)
    }

    @Test func greeting_isTheFullWelcome_onlyOnTheFirstTurn() {
        let (_, d) = talk([make("greet"), make("greet")])
        #expect(keys(d[0]) == ["greet.welcome"])
        #expect(keys(d[1]) == ["greet.again"])
    }

    @Test func firstRequest_getsAShortIntro_beforeTheAnswer() {
        let (_, d) = talk([make("check_payment_methods")])
        #expect(keys(d[0]) == ["greet.intro", "answer.check_payment_methods"])
    }

    @Test func orderIntent_asksForTheNumber_whenMissing() {
        let (c, d) = talk([make("track_order")])
        #expect(c.state == .awaitingSlot(intent: "track_order", slot: "order_number", attempts: 0))
        #expect(keys(d[0]).last == "slot.order_number.ask")
    }

    @Test func slotAnswer_resumesThePendingIntent_withTheLookup() {
        let order = Order(number: "10482", status: .shipped)
        let (c, d) = talk([make("track_order"), make("out_of_scope", text: "10482", entities: Entities(orderNumbers: ["10482"]))],
                          lookup: .found(order))
        #expect(d[1].intent == "track_order")
        #expect(keys(d[1]) == ["order.track.shipped"])
        #expect(c.state == .idle)
    }

    @Test func slotQuestion_isAskedAgainWithHelp_once_whenTheAnswerIsNotANumber() {
        let (c, d) = talk([make("track_order"), make("out_of_scope", text: "no sé")])
        #expect(keys(d[1]) == ["slot.order_number.help"])
        #expect(c.state == .awaitingSlot(intent: "track_order", slot: "order_number", attempts: 1))
    }

    @Test func unrelatedQuestion_duringASlot_isAnswered_andTheSlotResumedOnce() {
        let (c, d) = talk([make("track_order"), make("check_payment_methods")])
        #expect(keys(d[1]) == ["answer.check_payment_methods", "slot.order_number.resume"])
        #expect(c.state == .awaitingSlot(intent: "track_order", slot: "order_number", attempts: 1))
        let (c2, d2) = talk([make("prices_taxes")], from: c)
        #expect(keys(d2[0]) == ["answer.prices_taxes"], "dropped after one reminder")
        #expect(c2.state == .idle)
    }

    @Test func implausibleOrderNumber_isRejected_andAskedAgain() {
        let (c, d) = talk([make("track_order", entities: Entities(orderNumbers: ["12"]))])
        #expect(keys(d[0]).last == "slot.order_number.invalid")
        #expect(c.slots["order_number"] == nil)
    }

    @Test func unreachableOrderSystem_isSaidHonestly_withAPersonOffered() {
        let (_, d) = talk([make("track_order", entities: Entities(orderNumbers: ["10482"]))], lookup: .unavailable("10482"))
        #expect(d[0].replies.last?.key == "order.unavailable")
        #expect(d[0].replies.last?.quickReplies == ["menu.contact_human_agent"])
    }

    @Test func shippingToTheCanaryIslands_givesThePriceAndTheCustomsNote() {
        let code = PostalCode(code: "38001", region: .canary)
        let (c, d) = talk([make("shipping_costs", entities: Entities(postalCodes: [code]))])
        #expect(keys(d[0]).suffix(2) == ["shipping.zone", "shipping.customs_note"])
        #expect(d[0].replies.first { $0.key == "shipping.zone" }?.values["zone.price"] == .price(12.95))
        #expect(c.slots["region"] == "canary_islands")
    }

    @Test func shippingToTheMainland_saysVATIsIncluded() {
        let (_, d) = talk([make("shipping_costs", places: ["mainland"])])
        #expect(keys(d[0]).suffix(2) == ["shipping.zone", "shipping.vat_included"])
    }

    @Test func shippingWithoutAPlace_givesTheMainlandPrice_andAsksWhere() {
        let (_, d) = talk([make("shipping_costs")])
        #expect(keys(d[0]).suffix(3) == ["shipping.general", "shipping.vat_included", "slot.region.ask"])
    }

    @Test func askingForAPerson_escalates_withPriorityTwo() {
        let (c, d) = talk([make("contact_human_agent")])
        #expect(c.state == .escalated)
        #expect(d[0].handoff?.reason == .requested)
        #expect(d[0].handoff?.priority == 2)
        #expect(keys(d[0]).contains("handoff.open"))
    }

    @Test func threat_escalatesFirst_withPriorityOne_andAnApology() {
        let (_, d) = talk([make("complaint", threat: true)])
        #expect(d[0].handoff?.reason == .threat)
        #expect(d[0].handoff?.priority == 1)
        #expect(keys(d[0]).first == "empathy.upset")
    }

    @Test func anger_aboveTheThreshold_escalates() {
        let (_, d) = talk([make("complaint", mood: 0.9)])
        #expect(d[0].handoff?.reason == .anger)
    }

    @Test func twoFailedUnderstandings_inARow_escalate() {
        let (c, d) = talk([make("out_of_scope"), make("out_of_scope")])
        #expect(keys(d[0]).contains("fallback.rephrase"))
        #expect(d[1].handoff?.reason == .failedUnderstanding)
        #expect(c.state == .escalated)
    }

    @Test func failedUnderstandings_areForgiven_afterOneIsUnderstood() {
        let (c, _) = talk([make("out_of_scope"), make("check_payment_methods"), make("out_of_scope")])
        #expect(c.state != .escalated)
    }

    @Test func sameProblemThreeTimes_escalates() {
        let number = Entities(orderNumbers: ["10482"])
        let (_, d) = talk([make("complaint", entities: number), make("complaint"), make("complaint")])
        #expect(d[0].handoff == nil)
        #expect(d[2].handoff?.reason == .repeated)
    }

    @Test func alwaysHumanIntent_escalates() {
        let (_, d) = talk([make("damaged_item")])
        #expect(d[0].handoff?.reason == .alwaysHuman)
        #expect(keys(d[0]).contains("handoff.always_human.damaged_item"))
    }

    @Test func outsideSupportHours_theCustomerIsToldWhen_andCanLeaveAContact() {
        let (c, d) = talk([make("contact_human_agent"), make("out_of_scope", entities: Entities(emails: ["ana@example.com"]))], at: sunday)
        #expect(d[0].handoff?.supportOpen == false)
        let opening = d[0].replies.first { $0.key == "handoff.closed_hours" }?.values["support.next_opening"]
        // Sunday 11:00 UTC → Monday 09:00 in Madrid (UTC+1), 21 hours later.
        #expect(opening == .opening(sunday.addingTimeInterval(21 * 3600)))
        #expect(keys(d[1]) == ["handoff.callback_saved"])
        #expect(c.callback == "ana@example.com")
    }

    @Test func whileEscalated_theBotDoesNotAnswerInThePersonsPlace() {
        let (_, d) = talk([make("contact_human_agent"), make("track_order"), make("check_payment_methods")])
        #expect(keys(d[1]) == ["handoff.waiting"])
        #expect(keys(d[2]).isEmpty)
    }

    @Test func afterAResolvedRequest_thanksAsksForARating_andRecordsIt() {
        let (c, d) = talk([make("check_payment_methods"), make("thanks"), make("out_of_scope", text: "5")])
        #expect(keys(d[1]) == ["thanks", "survey.ask"])
        #expect(d[2].satisfaction == 5)
        #expect(c.satisfaction == 5)
        #expect(keys(d[2]) == ["survey.thanks_good"])
    }

    @Test func thumbsDown_isALowRating() {
        let (_, d) = talk([make("check_payment_methods"), make("goodbye"), make("out_of_scope", text: "👎")])
        #expect(d[2].satisfaction == 1)
        #expect(keys(d[2]) == ["survey.thanks_bad"])
    }

    @Test func unsureMatch_asksWhichOne_andAcceptsANumberedChoice() {
        let alternatives = [ScoredIntent(intent: "get_refund", confidence: 0.6)]
        let (c, d) = talk([make("check_payment_methods"), make("check_refund_policy", ambiguous: true, alternatives: alternatives)])
        #expect(c.state == .clarifying(options: ["check_refund_policy", "get_refund"]))
        #expect(d[1].replies.first?.quickReplies == ["label.check_refund_policy", "label.get_refund"])
        let (_, d2) = talk([make("out_of_scope", text: "2")], from: c)
        #expect(d2[0].intent == "get_refund")
    }

    @Test func upsetCustomer_getsAnAcknowledgementFirst_calmOneDoesNot() {
        let (_, upset) = talk([make("check_payment_methods"), make("prices_taxes", mood: 0.45)])
        #expect(keys(upset[1]).first == "empathy.upset")
        let (_, calm) = talk([make("check_payment_methods"), make("prices_taxes")])
        #expect(!keys(calm[1]).contains("empathy.upset"))
    }

    @Test func greetingWithARequest_isAnsweredBriefly_thenTheRequest() {
        let (_, d) = talk([make("check_payment_methods"), make("prices_taxes", also: ["greet"])])
        #expect(keys(d[1]) == ["greet.again", "answer.prices_taxes"])
    }

    @Test func secondRequestInTheSameMessage_isAnsweredToo() {
        let (_, d) = talk([make("check_payment_methods"), make("prices_taxes", also: ["discounts"])])
        #expect(keys(d[1]) == ["answer.prices_taxes", "answer.discounts"])
    }

    @Test func slotAnswer_isNotCountedAsTheSameProblemAgain() {
        let (c, d) = talk([make("track_order"), make("out_of_scope", text: "10482", entities: Entities(orderNumbers: ["10482"])),
                           make("track_order", entities: Entities(orderNumbers: ["10390"]))], lookup: .found(Order(number: "10390", status: .delivered)))
        #expect(d.allSatisfy { $0.handoff == nil })
        #expect(c.state == .idle)
    }

    @Test func regionAnswer_afterAShippingQuestion_givesThatZonesPrice() {
        let (c, d) = talk([make("shipping_costs"), make("out_of_scope", text: "a baleares", places: ["balearic_islands"])])
        #expect(d[1].intent == "shipping_costs")
        #expect(keys(d[1]).contains("shipping.zone"))
        #expect(c.slots["region"] == "balearic_islands")
    }

    @Test func conversationMood_remembersAnger_andCoolsSlowly() {
        let (c, _) = talk([make("complaint", mood: 0.5), make("check_payment_methods", mood: 0)])
        #expect(c.mood > 0.25)
        #expect(c.mood < 0.5)
    }
}

extension DialoguePolicyTests {
    @Test func upsetCustomerTalkingAboutReviews_isTreatedAsAThreat() {
        let (_, d) = talk([make("complaint", mood: 0.4), make("review", mood: 0.3)])
        #expect(d[1].handoff?.reason == .threat)
        let (_, calm) = talk([make("review")])
        #expect(calm[0].handoff == nil, "a calm customer leaving a review is just a review")
    }

    @Test func whenWillItArrive_aboutAKnownOrder_answersWithThatOrder() {
        let order = Order(number: "10482", status: .shipped)
        let (_, d) = talk([make("track_order", entities: Entities(orderNumbers: ["10482"])), make("delivery_period")], lookup: .found(order))
        #expect(keys(d[1]) == ["order.track.shipped"])
    }
}

extension DialoguePolicyTests {
    @Test func upsetFirstMessage_getsNoCheerfulIntroduction() {
        let (_, d) = talk([make("track_order", also: ["greet"], mood: 0.35)])
        #expect(keys(d[0]).first == "empathy.upset")
        #expect(!keys(d[0]).contains("greet.intro"))
    }
}
