// libFuzzer target: random bytes through the JSON parser (data files and HTTP bodies) and,
// when they parse, through the serializer and back. Build and run with Fuzz/run.sh json SECONDS.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let node = try? JSONParser.parse(bytes, limits: .init(maxBytes: 1 << 20, maxDepth: 64)) else { return 0 }
    let text = node.value.serialized()
    guard let again = try? JSONParser.parse(text) else { fatalError("serialized JSON does not parse: \(text)") }
    if again.value.serialized() != text { fatalError("serialization is not stable: \(text)") }
    return 0
}
