import Foundation
import Testing
@testable import AmableCore

/// Each capability of the matcher, pinned with concrete messages in both languages,
/// against the bundled Intents/ data.
@Suite struct UnderstandingTests {
    func intent(_ text: String, _ language: Language? = nil) -> String { BundledData.understand(text, language).intent }

    @Test(arguments: ["quiero hacer una devolución", "quiero hacer una devolucion", "quiero hacer una devolusion", "quiero hacer una debolución"])
    func typosAndMissingAccents_meetTheSameWord(text: String) {
        let u = BundledData.understand(text, .es)
        #expect(u.intent == "return_item")
        #expect(u.explanation.tokens.contains { $0.hasSuffix("devolu") })
    }

    @Test func typoCorrection_isExplained() {
        let u = BundledData.understand("quiero hacer una debolución", .es)
        #expect(u.explanation.notes.contains { $0.contains("debolucion") })
    }

    @Test(arguments: [
        ("dnd esta mi pedido???", "track_order"),
        ("kiero devolver unas zapatillas q me quedan chicas", "return_item"),
        ("porfa xq no me llega el paquete", "track_order"),
        ("hi where's my order #10482", "track_order"),
        ("pls how do i get my money back", "get_refund"),
        ("thx u", "thanks"),
    ])
    func chatShorthand_isUnderstood(text: String, expected: String) {
        #expect(intent(text) == expected)
    }

    @Test func slangExpansion_isExplained() {
        let u = BundledData.understand("dnd esta mi pedido", .es)
        #expect(u.explanation.notes.contains("slang: dnd → donde"))
    }

    @Test(arguments: ["holaaaa", "HOLA", "Hola!!", "buenas"])
    func repeatedLettersAndCase_doNotHideAGreeting(text: String) {
        #expect(intent(text, .es) == "greet")
    }

    @Test(arguments: [
        ("no quiero cancelar, quiero cambiar el pedido", Language.es),
        ("no quiero cancelarlo, solo cambiar la talla", .es),
        ("I don't want to cancel my order, I just want to change it", .en),
    ])
    func negatedRequest_isNotTheIntent(text: String, language: Language) {
        let u = BundledData.understand(text, language)
        #expect(u.intent != "cancel_order")
        #expect(u.intent != Classification.outOfScope)
    }

    @Test func negationWithoutAnAlternative_keepsItsMeaning() {
        #expect(intent("no quiero recibir más correos de publicidad", .es) == "newsletter_subscription")
    }

    @Test(arguments: [("hola, ¿dónde está mi pedido?", Language.es), ("hi, where is my order?", .en)])
    func greetingWithARequest_givesBoth_requestFirst(text: String, language: Language) {
        let u = BundledData.understand(text, language)
        #expect(u.intent == "track_order")
        #expect(u.also.first == "greet")
    }

    @Test func twoRequestsInOneMessage_areBothReported() {
        let u = BundledData.understand("quiero cancelar mi pedido. y cómo pido la factura?", .es)
        #expect(u.intent == "cancel_order" || u.intent == "get_invoice")
        #expect(Set([u.intent] + u.also).isSuperset(of: ["cancel_order", "get_invoice"]))
    }

    @Test(arguments: [
        ("¿qué tiempo hará mañana en Sevilla?", Language.es), ("ponme una canción de Rosalía", .es),
        ("¿cuál es la capital de Australia?", .es), ("what's the weather like in Paris tomorrow", .en),
        ("book me a table for two at an italian restaurant", .en), ("transfer 100 dollars to my savings account", .en),
    ])
    func offTopicMessages_areOutOfScope(text: String, language: Language) {
        #expect(intent(text, language) == Classification.outOfScope)
    }

    @Test(arguments: [("where is my order", Language.en), ("dónde está mi pedido", .es), ("necesito ayuda con la factura", .es), ("I need help with my invoice", .en)])
    func languageIsDetected_perMessage(text: String, language: Language) {
        #expect(BundledData.understand(text).language == language)
    }

    @Test func confidence_isHigh_forAClearRequest_andLow_forNoise() {
        #expect(BundledData.understand("quiero cancelar mi pedido", .es).confidence > 0.7)
        let noise = BundledData.understand("asdf qwer zxcv", .es)
        #expect(noise.intent == Classification.outOfScope)
        #expect(noise.alternatives.allSatisfy { $0.confidence < 0.5 })
    }

    @Test func entities_ofEveryKind_areExtracted() {
        let u = BundledData.understand("mi pedido #10482 no llega, escribidme a ana.lopez@example.com o al 612 345 678, mi código postal es 38001 y pagué 49,90 €", .es)
        #expect(u.entities.orderNumbers == ["10482"])
        #expect(u.entities.emails == ["ana.lopez@example.com"])
        #expect(u.entities.phones.first?.hasSuffix("612345678") == true)
        #expect(u.entities.postalCodes.first?.region == .canary)
        #expect(u.entities.amounts.first?.currency == "EUR")
    }

    @Test(arguments: [("38001", Region.canary), ("35001", .canary), ("07001", .balearic), ("51001", .ceuta), ("52001", .melilla), ("28001", .mainland)])
    func postalCodes_implyTheirZone(code: String, region: Region) {
        #expect(BundledData.understand("cuánto cuesta el envío al \(code)", .es).entities.postalCodes.first?.region == region)
    }

    @Test func placeNames_implyTheirZone() {
        #expect(BundledData.understand("¿cuánto cuesta el envío a Tenerife?", .es).places == ["canary_islands"])
        #expect(BundledData.understand("how much is shipping to France?", .en).places == ["eu"])
    }

    @Test func bareNumber_isAnOrderNumber_onlyWhenOneIsExpected() {
        #expect(BundledData.understand("10482", .es).entities.orderNumbers.isEmpty)
        #expect(BundledData.understand("10482", .es, expectingOrderNumber: true).entities.orderNumbers == ["10482"])
    }

    @Test(arguments: [("HOLA LLEVO UNA SEMANA ESPERANDO MI PEDIDO!!!", Language.es), ("this is a joke, WHERE IS MY ORDER??? 😡", .en),
                      ("HELLO?? anyone there? my order never arrived!!!", .en)])
    func anger_raisesTheMood(text: String, language: Language) {
        let u = BundledData.understand(text, language)
        #expect(u.mood.isUpset)
        #expect(u.intent != Classification.outOfScope)
    }

    @Test(arguments: [("voy a poner una reclamación en la OCU", Language.es), ("I'll post this on twitter and call my lawyer", .en)])
    func threats_areDetected(text: String, language: Language) {
        #expect(BundledData.understand(text, language).threat)
    }

    @Test func explanation_namesTheRuleAndTheNearestExample() {
        let u = BundledData.understand("quiero cancelar mi pedido", .es)
        #expect(u.explanation.rule != nil)
        #expect(u.explanation.example != nil)
    }

    @Test func everyIntent_existsInBothLanguages_withTheSameNames() {
        let es = Set(BundledData.bot.understander.matchers[.es]!.intentNames)
        let en = Set(BundledData.bot.understander.matchers[.en]!.intentNames)
        #expect(es == en)
        #expect(es.count == 39)
    }
}
