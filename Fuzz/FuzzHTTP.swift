// libFuzzer target: random bytes through the HTTP/1.1 request decoder the server uses
// (Sources/AmableHTTP/HTTP), fed whole and in random-sized pieces. Build and run with
// Fuzz/run.sh http SECONDS.
//
// Checks, beyond "no crash": both feedings give the same requests and the same refusal;
// every request respects the limits; nothing is returned after a refusal; every refusal
// is a status the server knows, and its JSON error response serializes.

private func decodeAll(_ bytes: [UInt8], chunks: [Int], limits: HTTPRequestDecoder.Limits) -> [String] {
    var decoder = HTTPRequestDecoder(limits: limits)
    var events: [String] = []
    var offset = 0
    var chunk = 0
    var failed = false
    func drain() {
        while true {
            switch decoder.next() {
            case .needMore:
                return
            case .sendContinue:
                continue  // depends on how the bytes were split; not compared
            case .request(let r):
                if failed { fatalError("a request after a refusal") }
                if r.body.count > limits.maxBodyBytes { fatalError("body over the limit: \(r.body.count)") }
                if r.headers.count > limits.maxHeaderCount { fatalError("too many headers: \(r.headers.count)") }
                if r.method.isEmpty || r.target.isEmpty { fatalError("empty method or target") }
                if r.version == .http11 && r.headers["Host"] == nil { fatalError("HTTP/1.1 without Host accepted") }
                if r.headers["Transfer-Encoding"] != nil { fatalError("a transfer coding accepted") }
                _ = r.queryItems
                _ = r.keepAlive
                events.append("\(r.method) \(r.target) \(r.version.rawValue) h=\(r.headers.count) b=\(r.body.count) \(r.body.hashValue)")
            case .failure(let e):
                if failed { fatalError("two refusals") }
                failed = true
                guard [400, 411, 413, 414, 417, 431, 501, 505].contains(e.status) else { fatalError("unexpected status \(e.status)") }
                let bytes = HTTPResponse.error(e.status, code: e.code, message: e.message, closeConnection: true).serialized(keepAlive: false)
                if bytes.count < 20 { fatalError("short error response") }
                events.append("failure \(e.status) \(e.code)")
            }
        }
    }
    while offset < bytes.count {
        let size = max(1, chunks.isEmpty ? bytes.count : chunks[chunk % chunks.count])
        chunk += 1
        let end = min(bytes.count, offset + size)
        decoder.append(Array(bytes[offset..<end]))
        offset = end
        drain()
        // The server stops reading past one full request's worth of unprocessed bytes.
        if decoder.bufferedBytes > limits.maxHeadBytes + limits.maxBodyBytes + 4096 { break }
    }
    drain()
    return events
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // The first bytes choose how the rest is split into reads.
    let chunks = bytes.prefix(4).map { Int($0 % 64) + 1 }
    let input = Array(bytes.dropFirst(min(4, bytes.count)))

    var small = HTTPRequestDecoder.Limits()
    small.maxHeadBytes = 512
    small.maxHeaderCount = 8
    small.maxTargetBytes = 128
    small.maxBodyBytes = 256
    for limits in [small, HTTPRequestDecoder.Limits()] {
        let whole = decodeAll(input, chunks: [], limits: limits)
        let pieces = decodeAll(input, chunks: chunks, limits: limits)
        if whole != pieces {
            fatalError("whole and split feeding differ:\n\(whole)\n\(pieces)")
        }
    }
    return 0
}
