import Testing
@testable import AmableCore

/// Tidying replies after empty placeholders, and the quick test that skips it for tidy text.
struct RendererTidyTests {
    /// Random texts from the characters tidy cares about: whenever `needsTidy` says no, the full
    /// tidying must change nothing but the ends. A pattern `needsTidy` missed would leave "( )" or " ."
    /// in a customer's reply.
    @Test func needsTidy_neverMissesWhatTidyWouldChange() {
        let alphabet = [" ", ".", ",", ":", ";", "(", ")", "[", "]", "«", "»", "\"", "a", "é", "¿"]
        var generator = SplitMix(seed: 20261123)
        var skipped = 0
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 9) + 1
            let text = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
            if !Renderer.needsTidy(text) {
                skipped += 1
                #expect(Renderer.tidyEverything(text) == Renderer.trimmingSpaces(text), "\"\(text)\"")
            }
        }
        #expect(skipped > 1_000, "the random texts should include many tidy ones")
    }

    @Test func needsTidy_findsEachPattern_andPassesOrdinaryReplies() {
        for untidy in ["a  b", "a .", "a ,", "a :", "a ;", "()", "( )", "[]", "a:.", "a,.", "\"\"", "escribe «»."] {
            #expect(Renderer.needsTidy(untidy), "\"\(untidy)\"")
        }
        for tidy in ["Hola, ¿en qué te ayudo?", "Escribe «cancelar» (o «ya no hace falta»).", "El envío cuesta 4,95 €: llega en 2 días."] {
            #expect(!Renderer.needsTidy(tidy), "\"\(tidy)\"")
            #expect(Renderer.tidy(tidy) == tidy)
        }
        #expect(Renderer.tidy("Te lo envío a  ( ) Canarias .") == "Te lo envío a Canarias.")
    }

    /// Variants rotate by this hash, so it must not change between versions or processes.
    @Test func stableHashIsFNV1aOfTheConcatenation() {
        #expect(Renderer.stableHash("") == 0xcbf29ce484222325)
        #expect(Renderer.stableHash("a") == 0xaf63dc4c8601ec8c)
        #expect(Renderer.stableHash("conv-1", "greet") == Renderer.stableHash("conv-1greet"))
    }

    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
    }
}
