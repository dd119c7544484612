import AmableCore
import AmableStore
import Foundation
import Testing
@testable import AmableService

@Suite(.serialized) struct ChatServiceTests {
    typealias F = ServiceFixture

    @Test func handle_savesTheWholeTurn_beforeReturningIt() async throws {
        let store = InMemoryConversationStore()
        let service = F.make(store: store)
        let result = try await service.handle(conversationID: "c1", text: "¿cuánto cuesta el envío a Canarias?", at: F.monday)
        let stored = try store.messages(conversationID: "c1")
        #expect(stored == result.messages)
        #expect(stored.first?.author == .customer && stored.first?.text == "¿cuánto cuesta el envío a Canarias?")
        #expect(stored.dropFirst().map(\.text) == result.turn.replies.map(\.text))
        #expect(try store.load(conversationID: "c1")?.conversation == result.turn.conversation)
        #expect(result.revision == 1)
    }

    @Test func handle_continuesTheStoredConversation() async throws {
        let service = F.make()
        try await F.say(service, "c1", ["¿dónde está mi pedido?"])
        let answer = try await service.handle(conversationID: "c1", text: "10482", at: F.monday.addingTimeInterval(5))
        #expect(answer.turn.decision.intent == "track_order")
        #expect(answer.turn.conversation.turns == 2)
    }

    @Test func handle_opensATicketWithASummary_andTellsThePlaceAndWait_inSpanish() async throws {
        let store = InMemoryConversationStore()
        let service = F.make(store: store)
        let turn = try await F.say(service, "c1", ["mi pedido 10482 no llega", "quiero hablar con una persona"])
        let ticket = try #require(turn.ticket)
        #expect(ticket.status == .waiting && ticket.reason == .requested && ticket.priority == 2 && ticket.language == .es)
        #expect(ticket.summary.entities["order_number"] == "10482")
        #expect(ticket.summary.lastMessages == ["mi pedido 10482 no llega", "quiero hablar con una persona"])
        #expect(turn.place == QueuePlace(position: 1, waitMinutes: 5))
        let queueReply = try #require(turn.turn.replies.last)
        #expect(queueReply.key == "handoff.queue")
        #expect(queueReply.text.contains("1") && queueReply.text.contains("5 minutos"), "\(queueReply.text)")
        #expect(try store.messages(conversationID: "c1").last?.replyKey == "handoff.queue", "the queue notice is saved with the turn")
    }

    @Test func handle_tellsTheWaitInEnglish_forAnEnglishConversation() async throws {
        let service = F.make()
        try await F.say(service, "other", ["quiero hablar con una persona"])
        let turn = try await F.say(service, "c1", ["I want to talk to a person"], language: .en)
        let text = try #require(turn.turn.replies.last?.text)
        #expect(turn.place?.position == 2)
        #expect(text.contains("10 minutes") && text.contains("queue"), "\(text)")
    }

    @Test func handle_givesNoMinutes_outsideSupportHours() async throws {
        let turn = try await F.say(F.make(), "c1", ["quiero hablar con una persona"], at: F.sundayNight)
        #expect(turn.ticket?.supportOpen == false)
        #expect(turn.place == nil)
        #expect(!turn.turn.replies.contains { $0.key == "handoff.queue" })
        #expect(turn.turn.replies.contains { $0.key == "handoff.closed_hours" })
    }

    @Test func handle_putsAnAngryCustomerFirst() async throws {
        let service = F.make()
        try await F.say(service, "calm", ["quiero hablar con una persona"])
        let angry = try await F.say(service, "angry", ["esto es una vergüenza, sois unos ladrones, quiero mi dinero ya o os denuncio"], at: F.monday.addingTimeInterval(60))
        #expect(angry.ticket?.priority == 1)
        #expect(angry.place?.position == 1)
        let queue = try await service.queue(at: F.monday.addingTimeInterval(120))
        #expect(queue.map(\.ticket.conversationID) == ["angry", "calm"])
        #expect(queue.map { $0.place?.position } == [1, 2])
    }

    @Test(arguments: ["cancelar", "ya no hace falta"])
    func handle_closesTheTicket_whenTheCustomerLeavesTheQueue(_ words: String) async throws {
        let store = InMemoryConversationStore()
        let service = F.make(store: store)
        let opened = try await F.say(service, "c1", ["quiero hablar con una persona"])
        let left = try await service.handle(conversationID: "c1", text: words, at: F.monday.addingTimeInterval(30))
        #expect(left.turn.decision.leftQueue)
        #expect(left.ticket?.status == .resolved && left.ticket?.closedBy == "customer")
        #expect(try store.ticket(id: opened.ticket!.id)?.status == .resolved)
        #expect(try store.openTickets().isEmpty)
        #expect(left.turn.replies.first?.key == "handoff.left_queue")
    }

    @Test func handle_tellsThePlaceAgain_whenTheCustomerWritesWhileWaiting() async throws {
        let service = F.make()
        try await F.say(service, "c1", ["quiero hablar con una persona"])
        let again = try await service.handle(conversationID: "c1", text: "¿cuánto falta?", at: F.monday.addingTimeInterval(30))
        #expect(again.turn.replies.map(\.key) == ["handoff.waiting", "handoff.queue"])
        #expect(again.place?.position == 1)
    }

    @Test func handle_staysSilent_andKeepsTheMessageForTheAgent_whenAnAgentHasIt() async throws {
        let store = InMemoryConversationStore()
        let service = F.make(store: store)
        let opened = try await F.say(service, "c1", ["quiero hablar con una persona"])
        _ = try await service.claim(ticketID: opened.ticket!.id, agent: "Ana", at: F.monday.addingTimeInterval(10))
        let held = try await service.handle(conversationID: "c1", text: "mi pedido es el 10482", at: F.monday.addingTimeInterval(20))
        #expect(held.heldForAgent)
        #expect(held.turn.replies.isEmpty)
        #expect(held.ticket?.agent == "Ana")
        let last = try #require(try store.messages(conversationID: "c1").last)
        #expect(last.author == .customer && last.text == "mi pedido es el 10482")
    }

    @Test func claim_letsExactlyOneOfTwoAgentsWin() async throws {
        let service = F.make(store: try SQLiteConversationStore(directory: F.tempDirectory()))
        let ticket = try #require(try await F.say(service, "c1", ["quiero hablar con una persona"]).ticket)
        async let ana = try? service.claim(ticketID: ticket.id, agent: "Ana", at: F.monday.addingTimeInterval(5))
        async let luis = try? service.claim(ticketID: ticket.id, agent: "Luis", at: F.monday.addingTimeInterval(5))
        let outcomes = await [ana, luis].compactMap { $0 }
        #expect(outcomes.count == 1)
        #expect(try service.store.ticket(id: ticket.id)?.agent == outcomes.first?.ticket.agent)
    }

    @Test func claim_tellsTheCustomerWhoJoined() async throws {
        let service = F.make()
        let ticket = try #require(try await F.say(service, "c1", ["quiero hablar con una persona"]).ticket)
        let outcome = try await service.claim(ticketID: ticket.id, agent: "Ana", at: F.monday.addingTimeInterval(5))
        #expect(outcome.messages.count == 1 && outcome.messages[0].author == .system && outcome.messages[0].text.contains("Ana"))
    }

    @Test func reply_reachesTheCustomer_asWritten() async throws {
        let service = F.make()
        let first = try await F.say(service, "c1", ["quiero hablar con una persona"])
        let seen = first.messages.last!.id
        _ = try await service.claim(ticketID: first.ticket!.id, agent: "Ana", at: F.monday.addingTimeInterval(5))
        _ = try await service.reply(ticketID: first.ticket!.id, agent: "Ana", text: "Hola, soy Ana. Miro tu pedido ahora mismo.", at: F.monday.addingTimeInterval(9))
        let news = try service.messagesForCustomer(conversationID: "c1", after: seen)
        #expect(news.map(\.author) == [.system, .agent])
        #expect(news.last?.text == "Hola, soy Ana. Miro tu pedido ahora mismo." && news.last?.agent == "Ana")
    }

    @Test func reply_isRefused_forAnAgentWhoDoesNotHoldTheTicket() async throws {
        let service = F.make()
        let ticket = try #require(try await F.say(service, "c1", ["quiero hablar con una persona"]).ticket)
        await #expect(throws: StoreError.self) { try await service.reply(ticketID: ticket.id, agent: "Ana", text: "hola", at: F.monday) }
        _ = try await service.claim(ticketID: ticket.id, agent: "Ana", at: F.monday)
        await #expect(throws: StoreError.self) { try await service.reply(ticketID: ticket.id, agent: "Luis", text: "hola", at: F.monday) }
        await #expect(throws: ChatService.Error.self) { try await service.reply(ticketID: ticket.id, agent: "Ana", text: "   ", at: F.monday) }
    }

    @Test func backToBot_letsTheBotAnswerAgain() async throws {
        let store = InMemoryConversationStore()
        let service = F.make(store: store)
        let ticket = try #require(try await F.say(service, "c1", ["quiero hablar con una persona"]).ticket)
        _ = try await service.claim(ticketID: ticket.id, agent: "Ana", at: F.monday.addingTimeInterval(5))
        let back = try await service.backToBot(ticketID: ticket.id, agent: "Ana", at: F.monday.addingTimeInterval(10))
        #expect(back.ticket.status == .returnedToBot)
        #expect(back.messages.first?.replyKey == "handoff.back_to_bot")
        #expect(try store.load(conversationID: "c1")?.conversation.state == .idle)
        let next = try await service.handle(conversationID: "c1", text: "¿cuánto cuesta el envío a Canarias?", at: F.monday.addingTimeInterval(20))
        #expect(!next.heldForAgent && next.turn.decision.intent == "shipping_costs")
    }

    @Test func resolve_asksHowItWent_andStoresTheRating() async throws {
        let store = InMemoryConversationStore()
        let service = F.make(store: store)
        let ticket = try #require(try await F.say(service, "c1", ["quiero hablar con una persona"]).ticket)
        _ = try await service.claim(ticketID: ticket.id, agent: "Ana", at: F.monday.addingTimeInterval(5))
        let resolved = try await service.resolve(ticketID: ticket.id, agent: "Ana", at: F.monday.addingTimeInterval(300))
        #expect(resolved.ticket.status == .resolved && resolved.ticket.closedBy == "Ana")
        #expect(resolved.messages.map(\.replyKey) == ["handoff.resolved", "survey.ask"])
        let rating = try await service.handle(conversationID: "c1", text: "5", at: F.monday.addingTimeInterval(320))
        #expect(rating.turn.decision.satisfaction == 5)
        #expect(try store.satisfaction(conversationID: "c1") == [5])
    }

    @Test func staleClaim_goesBackToTheQueue_afterTheAgentTimeout() async throws {
        let service = F.make { $0.agentTimeout = 15 * 60 }
        let ticket = try #require(try await F.say(service, "c1", ["quiero hablar con una persona"]).ticket)
        _ = try await service.claim(ticketID: ticket.id, agent: "Ana", at: F.monday)
        #expect(try await service.releaseStaleClaims(at: F.monday.addingTimeInterval(14 * 60)).isEmpty)
        let released = try await service.releaseStaleClaims(at: F.monday.addingTimeInterval(15 * 60))
        #expect(released.map(\.id) == [ticket.id])
        let queue = try await service.queue(at: F.monday.addingTimeInterval(16 * 60))
        #expect(queue.first?.ticket.status == .waiting && queue.first?.ticket.agent == nil)
        let news = try service.messagesForCustomer(conversationID: "c1", after: 0)
        #expect(news.last?.replyKey == "handoff.requeued")
    }

    @Test func stillHere_keepsTheClaim_pastTheTimeout() async throws {
        let service = F.make { $0.agentTimeout = 15 * 60 }
        let ticket = try #require(try await F.say(service, "c1", ["quiero hablar con una persona"]).ticket)
        _ = try await service.claim(ticketID: ticket.id, agent: "Ana", at: F.monday)
        _ = try await service.stillHere(ticketID: ticket.id, agent: "Ana", at: F.monday.addingTimeInterval(10 * 60))
        #expect(try await service.releaseStaleClaims(at: F.monday.addingTimeInterval(20 * 60)).isEmpty)
        await #expect(throws: StoreError.self) { try await service.stillHere(ticketID: ticket.id, agent: "Luis", at: F.monday) }
    }

    @Test func handle_releasesAStaleClaim_beforeTheCustomersMessage() async throws {
        let service = F.make { $0.agentTimeout = 60 }
        let ticket = try #require(try await F.say(service, "c1", ["quiero hablar con una persona"]).ticket)
        _ = try await service.claim(ticketID: ticket.id, agent: "Ana", at: F.monday)
        let turn = try await service.handle(conversationID: "c1", text: "¿hola? ¿hay alguien?", at: F.monday.addingTimeInterval(120))
        #expect(!turn.heldForAgent)
        #expect(turn.ticket?.status == .waiting)
    }

    @Test func messagesToOneConversation_areHandledOneAtATime() async throws {
        let store = try SQLiteConversationStore(directory: F.tempDirectory())
        let service = F.make(store: store)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<20 {
                group.addTask { _ = try await service.handle(conversationID: "c1", text: "¿cuánto cuesta el envío a Canarias? \(i)", at: F.monday) }
            }
            try await group.waitForAll()
        }
        let stored = try #require(try store.load(conversationID: "c1"))
        #expect(stored.revision == 20)
        #expect(stored.conversation.turns == 20)
        let customer = try store.messages(conversationID: "c1").filter { $0.author == .customer }
        #expect(Set(customer.map(\.revision)) == Set(1...20))
    }

    @Test func twoServicesOnOneFile_redoATurnThatLostTheRace() async throws {
        let dir = F.tempDirectory()
        let a = F.make(store: try SQLiteConversationStore(directory: dir)), b = F.make(store: try SQLiteConversationStore(directory: dir))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (i, service) in [a, b, a, b, a, b, a, b, a, b, a, b].enumerated() {
                group.addTask { _ = try await service.handle(conversationID: "shared", text: "hola \(i)", at: F.monday) }
            }
            try await group.waitForAll()
        }
        let stored = try #require(try a.store.load(conversationID: "shared"))
        #expect(stored.conversation.turns == 12 && stored.revision == 12)
    }

    @Test func log_masksEmailsAndPhones() async throws {
        let log = LogLines()
        let service = F.make(log: log)
        try await F.say(service, "c1", ["quiero hablar con una persona, mi email es ana.lopez@example.com y mi móvil 612 345 678"])
        let all = log.all.joined(separator: "\n")
        #expect(!all.isEmpty)
        #expect(!all.contains("ana.lopez@example.com") && !all.contains("612 345 678"))
        #expect(all.contains("a***@e***.com"))
    }

    @Test func handle_refusesABadConversationID() async throws {
        let service = F.make()
        await #expect(throws: ChatService.Error.self) { try await service.handle(conversationID: "", text: "hola", at: F.monday) }
        await #expect(throws: ChatService.Error.self) { try await service.handle(conversationID: String(repeating: "x", count: 200), text: "hola", at: F.monday) }
    }
}
