extension HTTPRequestDecoder {
    /// Parses a request line and header fields (RFC 9112 §3, §5) and checks the framing
    /// fields (§6): `bytes` ends with the empty line.
    static func parseHead(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, limits: Limits) -> Result<Head, HTTPDecodingError> {
        var lines: [Slice<UnsafeBufferPointer<UInt8>>] = []
        var lineStart = bytes.startIndex
        for i in bytes.indices where bytes[i] == .lf {
            var end = i
            if end > lineStart && bytes[end - 1] == .cr { end -= 1 }
            let line = bytes[lineStart..<end]
            // A bare CR is invalid (§2.2): it could make two parsers disagree on where a line ends.
            if line.contains(.cr) { return .failure(.bad("a bare CR in the request head")) }
            lines.append(line)
            lineStart = i + 1
        }
        guard let requestLine = lines.first, lines.last?.isEmpty == true else { return .failure(.bad("no request line")) }
        let fieldLines = lines.dropFirst().dropLast()
        if fieldLines.count > limits.maxHeaderCount { return .failure(.tooManyHeaders(limits.maxHeaderCount)) }

        let method: String, target: String, version: HTTPRequest.Version
        switch parseRequestLine(requestLine, limits: limits) {
        case .success(let parts): (method, target, version) = parts
        case .failure(let error): return .failure(error)
        }

        var headers = HTTPHeaders()
        for line in fieldLines {
            guard let first = line.first, first != .sp, first != .tab else {
                return .failure(.bad("folded header lines (obs-fold) are not accepted"))
            }
            guard let colon = line.firstIndex(of: .colon), colon > line.startIndex else { return .failure(.bad("a header line without a name")) }
            let name = line[line.startIndex..<colon]
            // No whitespace between name and colon (§5.1): that is how requests get smuggled.
            guard name.allSatisfy(\.isTokenChar) else { return .failure(.bad("an invalid header name")) }
            var valueStart = colon + 1
            var valueEnd = line.endIndex
            while valueStart < valueEnd, line[valueStart] == .sp || line[valueStart] == .tab { valueStart += 1 }
            while valueEnd > valueStart, line[valueEnd - 1] == .sp || line[valueEnd - 1] == .tab { valueEnd -= 1 }
            let value = line[valueStart..<valueEnd]
            guard value.allSatisfy(\.isFieldValueChar) else { return .failure(.bad("a control character in a header value")) }
            headers.add(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
        }
        return framing(method: method, target: target, version: version, headers: headers, limits: limits)
    }

    /// `method SP request-target SP HTTP-version` (§3).
    static func parseRequestLine(_ line: Slice<UnsafeBufferPointer<UInt8>>, limits: Limits)
        -> Result<(String, String, HTTPRequest.Version), HTTPDecodingError> {
        guard let sp1 = line.firstIndex(of: .sp) else { return .failure(.bad("a malformed request line")) }
        let methodBytes = line[line.startIndex..<sp1]
        guard !methodBytes.isEmpty, methodBytes.count <= 32, methodBytes.allSatisfy(\.isTokenChar) else {
            return .failure(.bad("an invalid method"))
        }
        let rest = line[(sp1 + 1)...]
        guard let sp2 = rest.firstIndex(of: .sp) else {
            if rest.count > limits.maxTargetBytes { return .failure(.targetTooLong(limits.maxTargetBytes)) }
            return .failure(.bad("a malformed request line"))
        }
        let targetBytes = line[(sp1 + 1)..<sp2]
        if targetBytes.count > limits.maxTargetBytes { return .failure(.targetTooLong(limits.maxTargetBytes)) }
        guard !targetBytes.isEmpty, targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return .failure(.bad("an invalid request target"))
        }
        let versionBytes = line[(sp2 + 1)...]
        let version: HTTPRequest.Version
        switch Array(versionBytes) {
        case Array("HTTP/1.1".utf8): version = .http11
        case Array("HTTP/1.0".utf8): version = .http10
        case let v where v.count == 8 && v.starts(with: "HTTP/".utf8) && v[5] >= 0x30 && v[5] <= 0x39 && v[6] == UInt8(ascii: ".")
            && v[7] >= 0x30 && v[7] <= 0x39:
            return .failure(.version)
        default:
            return .failure(.bad("a malformed HTTP version"))
        }
        let method = String(decoding: methodBytes, as: UTF8.self)
        let target = String(decoding: targetBytes, as: UTF8.self)
        // origin-form, absolute-form, or asterisk-form for OPTIONS (§3.2); not authority-form.
        guard targetBytes.first == UInt8(ascii: "/") || (target == "*" && method == "OPTIONS") || isAbsoluteForm(target) else {
            return .failure(.bad("the request target must be a path"))
        }
        return .success((method, target, version))
    }

    /// `http://…` or `https://…`, in any case (only asked of targets that are not a path).
    static func isAbsoluteForm(_ target: String) -> Bool {
        let lower = target.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    /// Host, Transfer-Encoding, Content-Length and Expect (§3.2, §6.1–§6.3; RFC 9110 §10.1.1).
    static func framing(method: String, target: String, version: HTTPRequest.Version, headers: HTTPHeaders, limits: Limits)
        -> Result<Head, HTTPDecodingError> {
        let hosts = headers.fields.reduce(0) { $1.lowercasedName == "host" ? $0 + 1 : $0 }
        if version == .http11 && hosts == 0 { return .failure(.bad("HTTP/1.1 requests need a Host header")) }
        if hosts > 1 { return .failure(.bad("more than one Host header")) }

        // Any transfer coding is refused, so a body's end is only ever given by Content-Length
        // and a request with both can never be read two ways.
        if headers["Transfer-Encoding"] != nil {
            return .failure(headers.values("Transfer-Encoding").last?.lowercased() == "chunked" ? .chunked : .transferCoding)
        }
        var length = 0
        let lengths = headers.values("Content-Length")
        if headers["Content-Length"] != nil {
            guard let first = lengths.first, lengths.allSatisfy({ $0 == first }) else {
                return .failure(.bad("conflicting Content-Length values"))
            }
            guard first.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return .failure(.bad("an invalid Content-Length")) }
            guard first.utf8.count <= 15, let n = Int(first) else { return .failure(.bodyTooLarge(limits.maxBodyBytes)) }
            if n > limits.maxBodyBytes { return .failure(.bodyTooLarge(limits.maxBodyBytes)) }
            length = n
        }
        var expectContinue = false
        if let expect = headers["Expect"] {
            guard expect.lowercased() == "100-continue" else { return .failure(.expectation) }
            // An HTTP/1.0 client cannot understand 100 Continue; the expectation is ignored.
            expectContinue = version == .http11
        }
        return .success(Head(method: method, target: target, version: version, headers: headers, contentLength: length,
                             expectContinue: expectContinue))
    }
}
