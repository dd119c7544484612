import AmableCore
import Foundation
import Testing
@testable import AmableService

@Suite struct HTTPOrderProviderTests {
    @Test func order_isFound_whenTheShopAnswersWithJSON() async throws {
        let server = try CannedHTTPServer(response: CannedHTTPServer.json("200 OK", #"{"number": "10482", "status": "shipped", "carrier": "GLS"}"#))
        let provider = HTTPOrderProvider(urlTemplate: "http://127.0.0.1:\(server.port)/orders/{number}")
        let result = await provider.order(number: "#10482")
        #expect(result == .found(Order(number: "10482", status: .shipped, carrier: "GLS")))
        #expect(server.firstRequest?.hasPrefix("GET /orders/10482 HTTP/1.1") == true)
    }

    @Test func order_isNotFound_whenTheShopSays404() async throws {
        let server = try CannedHTTPServer(response: CannedHTTPServer.json("404 Not Found", "{}"))
        let result = await HTTPOrderProvider(urlTemplate: "http://127.0.0.1:\(server.port)/orders").order(number: "99999")
        #expect(result == .notFound("99999"))
    }

    @Test func order_isUnavailable_whenTheShopAnswersGarbage() async throws {
        let server = try CannedHTTPServer(response: CannedHTTPServer.json("200 OK", "<html>oops</html>"))
        let result = await HTTPOrderProvider(urlTemplate: "http://127.0.0.1:\(server.port)/orders/{number}").order(number: "10482")
        #expect(result == .unavailable("10482"))
    }

    @Test func order_isUnavailable_whenTheServerErrs() async throws {
        let server = try CannedHTTPServer(response: CannedHTTPServer.json("500 Internal Server Error", "{}"))
        let result = await HTTPOrderProvider(urlTemplate: "http://127.0.0.1:\(server.port)/o/{number}").order(number: "10482")
        #expect(result == .unavailable("10482"))
    }

    @Test func order_isUnavailableWithinTheTimeout_whenTheShopNeverAnswers() async throws {
        let server = try CannedHTTPServer(response: nil)
        let provider = HTTPOrderProvider(urlTemplate: "http://127.0.0.1:\(server.port)/o/{number}", timeout: 1)
        // That it returns at all proves the timeout (the server never answers); how fast is not
        // asserted: wall-clock times are not tested on shared machines.
        let result = await provider.order(number: "10482")
        #expect(result == .unavailable("10482"))
    }

    @Test func timeout_isCappedAtThreeSeconds() {
        #expect(HTTPOrderProvider(urlTemplate: "http://x", timeout: 30).timeout == 3)
    }

    @Test func url_encodesTheOrderNumber_asOnePathSegment() {
        let provider = HTTPOrderProvider(urlTemplate: "https://shop.example/api/orders/{number}")
        #expect(provider.url(for: "PED-20481")?.absoluteString == "https://shop.example/api/orders/PED-20481")
        #expect(provider.url(for: "../admin?x=1")?.absoluteString == "https://shop.example/api/orders/%2E%2E%2Fadmin%3Fx%3D1")
    }
}
