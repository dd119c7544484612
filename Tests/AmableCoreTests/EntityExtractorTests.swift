import Foundation
import Testing
@testable import AmableCore

@Suite("EntityExtractor")
struct EntityExtractorTests {
    private func make(_ text: String, expecting: Bool = false) -> Entities {
        EntityExtractor.extract(from: text, expectingOrderNumber: expecting)
    }

    // MARK: Order numbers

    @Test(arguments: [
        ("hi where's my order #10482", "10482"),
        ("order 10482 hasn't arrived", "10482"),
        ("order number 10482", "10482"),
        ("order no. 10482", "10482"),
        ("nº 10482", "10482"),
        ("n° 10482", "10482"),
        ("pedido 10482", "10482"),
        ("pedido número 10482", "10482"),
        ("mi pedido es el 10482", "10482"),
        ("compra 10482", "10482"),
        ("referencia 998877", "998877"),
        ("tengo problemas con mi orden #10482", "10482"),
        ("Necesito cancelar mi pedido 4471002", "4471002"),
        ("pedido:10482", "10482"),
        ("pedido 00123456789", "00123456789"),
    ])
    func extract_findsOrderNumber_whenCueWordOrSignPrecedesDigits(text: String, expected: String) {
        #expect(make(text).orderNumbers == [expected])
    }

    @Test(arguments: [
        ("¿Me ayudáis a cancelar mi pedido? Es el PED-20481", "PED-20481"),
        ("PED20481", "PED-20481"),
        ("ped-20481", "PED-20481"),
        ("ped 20481", "PED-20481"),
        ("my ORD-5521 is late", "ORD-5521"),
    ])
    func extract_canonicalisesLetterCode_toUppercaseWithDash(text: String, expected: String) {
        #expect(make(text).orderNumbers == [expected])
    }

    @Test(arguments: ["es el 10482", "10482", "lo de 4471002", "son 1500 al mes", "de2024", "el vuelo IB3456"])
    func extract_findsNoOrderNumber_whenNoCueAndNotExpecting(text: String) {
        #expect(make(text).orderNumbers.isEmpty)
    }

    @Test(arguments: [("es el 10482", "10482"), ("10482", "10482"), ("38001", "38001"), ("612345678", "612345678")])
    func extract_takesBareDigitRunAsOrder_whenExpectingOrderNumber(text: String, expected: String) {
        #expect(make(text, expecting: true).orderNumbers == [expected])
    }

    @Test func extract_doesNotTakeYearAsOrder_whenCueIsWordsAway() {
        #expect(make("hice un pedido en 2024").orderNumbers.isEmpty)
        #expect(make("pedido 2024").orderNumbers == ["2024"])
    }

    @Test(arguments: ["pedido 612345678", "order no. 612345678", "pedido número 612345678"])
    func extract_takesUngroupedNineDigitsAsOrder_whenOrderCuePrecedes(text: String) {
        let entities = make(text)
        #expect(entities.orderNumbers == ["612345678"])
        #expect(entities.phones.isEmpty)
    }

    @Test(arguments: ["pedido 128GB", "pedido del 12/05/2024", "pedido 20,50", "pedido 10482-B", "pedido 1234567890123"])
    func extract_ignoresDigits_whenGluedToLettersOrOtherDigits(text: String) {
        #expect(make(text, expecting: true).orderNumbers.isEmpty)
    }

    @Test func extract_listsEachOrderOnce_whenRepeated() {
        #expect(make("pedidos #10482, #10483 y otra vez #10482").orderNumbers == ["10482", "10483"])
    }

    // MARK: Postal codes

    @Test func extract_findsCanaryPostalCode_whenShippingToSantaCruz() {
        #expect(make("envío a 38001").postalCodes == [PostalCode(code: "38001", region: .canary)])
    }

    @Test(arguments: [
        ("38001", Region.canary), ("35001", .canary), ("07001", .balearic), ("51001", .ceuta),
        ("52001", .melilla), ("28009", .mainland), ("01001", .mainland), ("50001", .mainland),
    ])
    func postalCode_derivesRegion_fromProvincePrefix(code: String, region: Region) {
        #expect(PostalCode(code)?.region == region)
    }

    @Test(arguments: ["60000", "00123", "53001", "99999", "3800", "380011", "38a01", ""])
    func postalCode_isNil_whenNotASpanishCode(code: String) {
        #expect(PostalCode(code) == nil)
    }

    @Test(arguments: [
        "cp 28009", "CP: 28009", "c.p. 28009", "C.P. 28009", "código postal 28009", "codigo postal: 28009",
        "my postal code is 28009", "zip 28009", "mi código postal es el 28009",
    ])
    func extract_findsPostalCode_afterPostalCue(text: String) {
        #expect(make(text).postalCodes.map(\.code) == ["28009"])
    }

    @Test(arguments: ["vivo en 07001", "¿cuánto cuesta a 35001?", "how much is shipping to 35001", "38001"])
    func extract_findsPostalCode_whenAloneOrAfterPlaceWord(text: String) {
        #expect(make(text).postalCodes.count == 1)
    }

    @Test func extract_findsPostalCode_inAddressAfterComma() {
        #expect(make("calle Alcalá 145, 28009 Madrid").postalCodes.map(\.code) == ["28009"])
    }

    @Test(arguments: ["envío a 60000", "60000", "cp 53001", "tengo 12000 puntos"])
    func extract_findsNoPostalCode_whenPrefixInvalidOrNoCue(text: String) {
        #expect(make(text).postalCodes.isEmpty)
    }

    @Test(arguments: ["pedido 38001", "#38001", "order 38001"])
    func extract_takesFiveDigitsAsOrder_afterOrderCue(text: String) {
        let entities = make(text)
        #expect(entities.orderNumbers == ["38001"])
        #expect(entities.postalCodes.isEmpty)
    }

    @Test func extract_takesFiveDigitsAsPostalCode_whenExpectingOrderButPostalCuePrecedes() {
        let entities = make("mi cp es 38001", expecting: true)
        #expect(entities.postalCodes.map(\.code) == ["38001"])
        #expect(entities.orderNumbers.isEmpty)
    }

    // MARK: Phones

    @Test(arguments: [
        ("llamadme al 612 345 678", "612345678"),
        ("612-34-56-78", "612345678"),
        ("612.345.678", "612345678"),
        ("mi teléfono: 912345678", "912345678"),
        ("mi número es 712345678", "712345678"),
        ("+34 612-34-56-78", "+34612345678"),
        ("+34612345678", "+34612345678"),
        ("0034 612 345 678", "+34612345678"),
        ("(+34) 612 345 678", "+34612345678"),
        ("call me at +44 20 7946 0958", "+442079460958"),
        ("+1 (555) 123-4567", "+15551234567"),
    ])
    func extract_findsPhone_inCommonWrittenForms(text: String, expected: String) {
        #expect(make(text).phones == [expected])
    }

    @Test func extract_takesGroupedPhoneAsPhone_evenWhenExpectingOrderNumber() {
        let entities = make("612 345 678", expecting: true)
        #expect(entities.phones == ["612345678"])
        #expect(entities.orderNumbers.isEmpty)
    }

    @Test(arguments: ["512 345 678", "12345678", "+12", "2+2=4", "+0 12345"])
    func extract_findsNoPhone_whenNotAPlausibleNumber(text: String) {
        #expect(make(text).phones.isEmpty)
    }

    @Test func extract_endsSpanishPhone_afterNineDigits() {
        let entities = make("+34 612 345 678 28009")
        #expect(entities.phones == ["+34612345678"])
    }

    // MARK: Emails

    @Test(arguments: [
        ("mi correo es Ana.Lopez@Example.com.", "ana.lopez@example.com"),
        ("¿Me mandáis la factura a laura.gm84@gmail.com?", "laura.gm84@gmail.com"),
        ("write to a+shop@mail.example.co.uk, thanks", "a+shop@mail.example.co.uk"),
        ("<ana@x.es>", "ana@x.es"),
    ])
    func extract_findsLowercasedEmail_withoutTrailingPunctuation(text: String, expected: String) {
        #expect(make(text).emails == [expected])
    }

    @Test(arguments: ["@", "ana@", "@x.com", "a@b", "a@b.c", "x@@y.com", "ana@x..com", "ana.@x.com", "a@-x.com", "ñandu@x.com"])
    func extract_findsNoEmail_whenMalformed(text: String) {
        #expect(make(text).emails.isEmpty)
    }

    @Test func extract_rejectsEmail_longerThan254Characters() {
        let local = String(repeating: "a", count: 60)
        let domain = (0..<4).map { _ in String(repeating: "b", count: 60) }.joined(separator: ".") + ".com"
        #expect(make("\(local)@\(domain)").emails.isEmpty)
    }

    @Test func extract_ignoresDigitsInsideEmail() {
        let entities = make("pedido ana10482@x.com", expecting: true)
        #expect(entities.orderNumbers.isEmpty)
        #expect(entities.emails == ["ana10482@x.com"])
    }

    // MARK: Money

    @Test(arguments: [
        ("me cobrasteis 20,50 € de más", "20.5", "EUR"), ("20€", "20", "EUR"), ("20 €", "20", "EUR"),
        ("€20", "20", "EUR"), ("20 euros", "20", "EUR"), ("20 eur", "20", "EUR"), ("EUR 20", "20", "EUR"),
        ("1.234,56 €", "1234.56", "EUR"), ("1.500 €", "1500", "EUR"), ("20\u{A0}€", "20", "EUR"),
        ("$15", "15", "USD"), ("$15.99", "15.99", "USD"), ("$1,234.56", "1234.56", "USD"),
        ("15 dólares", "15", "USD"), ("15 dolares", "15", "USD"), ("15 dollars", "15", "USD"), ("15 usd", "15", "USD"),
        ("£10", "10", "GBP"), ("10 pounds", "10", "GBP"), ("200 pesos", "200", "MXN"),
    ])
    func extract_findsAmount_inWrittenForms(text: String, amount: String, currency: String) throws {
        let expected = try #require(Decimal(string: amount, locale: Locale(identifier: "en_US_POSIX")))
        #expect(make(text).amounts == [Money(amount: expected, currency: currency)])
    }

    @Test(arguments: ["lo compré en 2024", "order #10482 please", "pedido 10482", "#20€", "mide 20,5 cm"])
    func extract_findsNoAmount_withoutCurrencyOrAfterOrderSign(text: String) {
        #expect(make(text).amounts.isEmpty)
    }

    @Test func extract_keepsRepeatedAmounts_becauseEachIsACharge() {
        #expect(make("me cobrasteis 20 € y otra vez 20 €").amounts.count == 2)
    }

    // MARK: Spans

    @Test func spans_coverEntityText_includingSignWrittenNextToIt() {
        let text = "order #10482, mail ana@x.es or call 612 345 678 — I paid 20,50 €"
        let shown = EntityExtractor.spans(in: text).map { "\($0.kind.rawValue)=\(text[$0.range])" }
        #expect(shown == ["orderNumber=#10482", "email=ana@x.es", "phone=612 345 678", "money=20,50 €"])
    }

    @Test func extractWithSpans_matchesSeparateCalls() {
        let text = "envío a 38001, pedido PED-20481, tel +34 612 345 678"
        let both = EntityExtractor.extractWithSpans(from: text)
        #expect(both.entities == make(text))
        #expect(both.spans == EntityExtractor.spans(in: text))
    }

    @Test func span_givesUTF16Offsets_afterEmoji() throws {
        let text = "📦 #10482"
        let span = try #require(EntityExtractor.spans(in: text).first)
        #expect(span.utf16Range(in: text) == 3..<9)
    }

    // MARK: Totality

    /// Inputs a fuzzer would try, named so that test reports stay readable.
    enum Hostile: String, CaseIterable, Sendable {
        case empty, loneSigns, nulBytes, hundredKilobytesOfDigits, alternatingHashDigit, alternatingAt, alternatingDigitDot
        case repeatedPhoneGroups, letterWithFiftyThousandAccents, emojiSequences, keycapAndJoiners, nonASCIIDigits

        var text: String {
            switch self {
            case .empty: ""
            case .loneSigns: "# + @ € 00 +34 nº c.p. pedido"
            case .nulBytes: "\u{0}pedido\u{0}10482\u{0}"
            case .hundredKilobytesOfDigits: String(repeating: "1", count: 100_000)
            case .alternatingHashDigit: String(repeating: "#1", count: 50_000)
            case .alternatingAt: String(repeating: "a@", count: 50_000)
            case .alternatingDigitDot: String(repeating: "1.", count: 50_000)
            case .repeatedPhoneGroups: String(repeating: "612 ", count: 30_000)
            case .letterWithFiftyThousandAccents: "a" + String(repeating: "\u{301}", count: 50_000) + " 612345678"
            case .emojiSequences: "👩‍👩‍👧 #10482 👍🏽"
            case .keycapAndJoiners: "\u{FEFF}\u{200D}#\u{FE0F}\u{20E3}10482"
            case .nonASCIIDigits: "𝟏𝟎𝟒𝟖𝟐 ١٠٤٨٢"
            }
        }
    }

    @Test(arguments: Hostile.allCases)
    func extract_isTotal_onHostileInput(input: Hostile) {
        for expecting in [false, true] {
            _ = EntityExtractor.extract(from: input.text, expectingOrderNumber: expecting)
            _ = EntityExtractor.spans(in: input.text, expectingOrderNumber: expecting)
        }
        _ = PIIMasker.mask(input.text)
    }

    @Test func extract_findsEntity_amongEmojiAndAccents() {
        #expect(make("👩‍👩‍👧 ¿dónde está mi pedido #10482? 👍🏽").orderNumbers == ["10482"])
    }

    @Test func extract_ignoresText_beyondCharacterCap() {
        let padding = String(repeating: "😀", count: EntityExtractor.maxCharacters)
        #expect(make(padding + " pedido 10482").isEmpty)
    }

    @Test func extract_dropsDigitRun_whenItCarriesCombiningMark() {
        #expect(make("pedido 10482\u{301}").orderNumbers.isEmpty)
    }

    @Test func entities_areEmpty_whenMessageHasNone() {
        #expect(make("hola, ¿qué tal?").isEmpty)
    }

    @Test func entities_roundTripThroughJSON_withSnakeCaseRegion() throws {
        let entities = make("envío a 07001, me cobrasteis 20,50 €")
        let data = try JSONEncoder().encode(entities)
        #expect(String(decoding: data, as: UTF8.self).contains("balearic_islands"))
        #expect(try JSONDecoder().decode(Entities.self, from: data) == entities)
    }

    // MARK: Masking

    @Test func mask_hidesEmail_keepingFirstLettersAndTopLevelDomain() {
        #expect(PIIMasker.mask("mi correo es Ana.Lopez@Example.com.") == "mi correo es A***@E***.com.")
    }

    @Test(arguments: [
        ("llamadme al +34 612 345 678", "llamadme al +34 6** *** *78"),
        ("llamadme al 612 345 678", "llamadme al 6** *** *78"),
        ("tel 612345678", "tel 6******78"),
        ("0034 612-34-56-78", "0034 6**-**-**-78"),
        ("+44 20 7946 0958", "+44 ** **** **58"),
    ])
    func mask_hidesPhone_keepingCountryCodeLineTypeAndLastTwoDigits(text: String, expected: String) {
        #expect(PIIMasker.mask(text) == expected)
    }

    @Test func mask_hidesBothAddresses_whenGluedTogether() {
        #expect(PIIMasker.mask("ana@x.es+luis@y.es") == "a***@x***.es+***@y***.es")
    }

    @Test func mask_keepsOrderNumbersPostalCodesAndAmounts() {
        let text = "pedido #10482, cp 28009, 20,50 €"
        #expect(PIIMasker.mask(text) == text)
    }

    @Test func mask_masksPhone_beyondExtractorCap() {
        let padding = String(repeating: "x ", count: EntityExtractor.maxCharacters)
        #expect(PIIMasker.mask(padding + "612345678") == padding + "6******78")
    }

    /// The quick look (no "@", fewer than eight digits: nothing to mask) agrees with the full
    /// scan on random texts made of what phones and emails are made of. It fails if a phone
    /// with fewer digits is ever found.
    @Test func mask_quickLookAgreesWithTheFullScan() {
        var rng = SystemRandomNumberGenerator()
        let pieces = ["+", "00", "34", "6", "7", "9", "1", "0", " ", "-", ".", "(", ")", "@", "a", "ana", "x.es", "tel", "pedido", "#", "é", "\n"]
        var masked = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 1...14, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let full = PIIMasker.scanAndMask(text)
            #expect(PIIMasker.mask(text) == full, "\(text)")
            if full != text { masked += 1 }
        }
        #expect(masked > 100, "the texts must hold phones and emails for the comparison to mean anything")
        // The threshold is tight: eight digits after a plus are a phone.
        #expect(PIIMasker.mask("llámame al +49 1512 3456") != "llámame al +49 1512 3456")
    }
}
