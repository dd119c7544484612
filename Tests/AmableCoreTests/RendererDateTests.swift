import Foundation
import Testing
@testable import AmableCore

/// Days in replies: the shop's calendar day for promotions, and order dates in the customer's words.
struct RendererDateTests {
    @Test func isoDayIsTheDayInTheShopsZone() {
        let madrid = TimeZone(identifier: "Europe/Madrid")!
        // 23:30 UTC on 23 November is already the 24th in Madrid (UTC+1).
        #expect(Renderer.isoDay(Date(timeIntervalSince1970: 1_795_476_600), zone: madrid) == "2026-11-24")
        #expect(Renderer.isoDay(Date(timeIntervalSince1970: 1_795_476_600), zone: TimeZone(identifier: "UTC")!) == "2026-11-23")
        // Summer time: 22:30 UTC on 30 June is 00:30 on 1 July in Madrid (UTC+2).
        #expect(Renderer.isoDay(Date(timeIntervalSince1970: 1_782_858_600), zone: madrid) == "2026-07-01")
        #expect(Renderer.isoDay(Date(timeIntervalSince1970: -1), zone: TimeZone(identifier: "UTC")!) == "1969-12-31")
    }

    @Test func civilDateAgreesWithTheCalendarOverCenturies() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for days in stride(from: -80_000, through: 80_000, by: 997) {
            let c = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            let mine = Renderer.civilDate(daysSince1970: days)
            #expect(mine.year == c.year && mine.month == c.month && mine.day == c.day, "day \(days)")
        }
    }

    @Test func orderDatesAreWrittenInTheConversationsLanguage() throws {
        let renderer = BundledData.bot.renderer
        var missing: [String] = []
        #expect(renderer.formatDay("2026-11-26", book: try #require(renderer.books[.es]), missing: &missing) == "26 de noviembre")
        #expect(renderer.formatDay("2026-02-01", book: try #require(renderer.books[.en]), missing: &missing) == "1 February")
        #expect(missing.isEmpty)
    }

    /// The demo shop is in Madrid. Said on Wednesday 2 December 2026 at 07:00 there (06:00 UTC):
    /// an opening at 09:00 that day is "hoy", on Thursday "mañana", on Monday "el lunes".
    @Test func theTeamsReturnIsSaidFromTheCustomersDay() throws {
        let renderer = BundledData.bot.renderer
        var missing: [String] = []
        let now = Date(timeIntervalSince1970: 1_796_191_200)  // 2026-12-02T06:00:00Z, a Wednesday
        let es = try #require(renderer.books[.es]), en = try #require(renderer.books[.en])
        let today = now.addingTimeInterval(2 * 3600), tomorrow = today.addingTimeInterval(86_400)
        let monday = today.addingTimeInterval(5 * 86_400 + 30 * 60)
        #expect(renderer.formatOpening(today, now: now, book: es, missing: &missing) == "hoy a las 09:00")
        #expect(renderer.formatOpening(tomorrow, now: now, book: es, missing: &missing) == "mañana a las 09:00")
        #expect(renderer.formatOpening(monday, now: now, book: es, missing: &missing) == "el lunes a las 09:30")
        #expect(renderer.formatOpening(today, now: now, book: en, missing: &missing) == "today at 09:00")
        #expect(renderer.formatOpening(monday, now: now, book: en, missing: &missing) == "on Monday at 09:30")
        // 23:30 in Madrid on Tuesday is 22:30 UTC: Wednesday 09:00 is tomorrow there.
        #expect(renderer.formatOpening(today, now: Date(timeIntervalSince1970: 1_796_164_200), book: es, missing: &missing) == "mañana a las 09:00")
        #expect(missing.isEmpty)
    }

    @Test func textThatIsNoDayIsShownAsGiven() throws {
        let book = try #require(BundledData.bot.renderer.books[.es])
        var missing: [String] = []
        for text in ["mañana", "2026-13-01", "2026-02-29", "2026-11-26T10:00", "26/11/2026", ""] {
            #expect(BundledData.bot.renderer.formatDay(text, book: book, missing: &missing) == text)
        }
        #expect(BundledData.bot.renderer.formatDay("2028-02-29", book: book, missing: &missing) == "29 de febrero")
    }

    @Test func trimmingSpacesKeepsInnerText() {
        #expect(Renderer.trimmingSpaces("  hola  ") == "hola")
        #expect(Renderer.trimmingSpaces("\thola qué tal ") == "hola qué tal")
        #expect(Renderer.trimmingSpaces("   ") == "")
        #expect(Renderer.trimmingSpaces("ya") == "ya")
    }

    @Test func aPromotionEndsWithItsLastDayInTheShopsZone() throws {
        let renderer = BundledData.bot.renderer
        // The demo shop's code runs until 2026-12-31, Madrid time (UTC+1 in winter).
        let lastEvening = try #require(ISO8601DateFormatter().date(from: "2026-12-31T22:30:00Z"))  // 23:30 in Madrid
        let pastMidnight = try #require(ISO8601DateFormatter().date(from: "2026-12-31T23:30:00Z"))  // 00:30 on 1 January
        #expect(renderer.promotionsList(language: .es, now: lastEvening).contains("BIENVENIDA10"))
        #expect(renderer.promotionsList(language: .es, now: pastMidnight) == "")
        // And in a reply that names them.
        var c = BundledData.bot.newConversation(id: "promo", language: .es, at: pastMidnight)
        var missing: [String] = []
        let text = renderer.render([Reply("answer.discounts")], in: &c, missing: &missing).map(\.text).joined()
        #expect(!text.contains("BIENVENIDA10"))
        c.updatedAt = lastEvening
        c.replyCounts = [:]
        let before = renderer.render([Reply("answer.discounts")], in: &c, missing: &missing).map(\.text).joined()
        #expect(before.contains("BIENVENIDA10"))
    }
}
