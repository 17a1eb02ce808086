import Foundation
import NIOCore
import NIOExtras
import NIOPosix
import NIOSSL
import NIOTLS
import PitwallCore

/// What an SMTP server said when it would not take the mail.
struct SMTPFailure: Error, CustomStringConvertible {
    var stage: String
    var code: Int
    var text: String
    /// 4xx: try again later; 5xx: the server refuses.
    var isTransient: Bool { (400..<500).contains(code) || code == 0 }

    var description: String { code == 0 ? "\(stage): \(text)" : "\(stage): \(code) \(text)" }
}

/// Sends one message over SMTP (RFC 5321): EHLO, STARTTLS where offered (or required),
/// AUTH PLAIN when a user is configured (only over TLS), MAIL, RCPT, DATA, QUIT.
struct SMTPMailer: Sendable {
    let settings: EmailSettings
    var timeout: Duration = .seconds(30)

    /// With `html`, the mail carries both: the text for clients that show only text, the HTML
    /// for the rest.
    func send(subject: String, body: String, html: String? = nil, at instant: Timestamp) async throws {
        let message = Self.message(from: settings.from, to: settings.to, subject: subject, body: body, html: html, at: instant)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await converse(message: message) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw SMTPFailure(stage: "connection", code: 0, text: "no answer within \(timeout)")
            }
            try await group.next()
            group.cancelAll()
        }
    }

    private func converse(message: String) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineBasedFrameDecoder()))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var lines = inbound.makeAsyncIterator()
            var encrypted = false

            func reply(_ stage: String, expecting expected: ClosedRange<Int>) async throws -> [String] {
                var texts: [String] = []
                while true {
                    guard let buffer = try await lines.next() else { throw SMTPFailure(stage: stage, code: 0, text: "the server closed the connection") }
                    let line = String(buffer: buffer)
                    let code = Int(line.prefix(3)) ?? 0
                    texts.append(String(line.dropFirst(4)))
                    // "250-" continues a reply; "250 " (or a bare "250") ends it.
                    if line.count <= 3 || line[line.index(line.startIndex, offsetBy: 3)] != "-" {
                        guard expected.contains(code) else { throw SMTPFailure(stage: stage, code: code, text: texts.joined(separator: " ")) }
                        return texts
                    }
                }
            }
            func command(_ text: String, _ stage: String, expecting expected: ClosedRange<Int> = 250...259) async throws -> [String] {
                try await outbound.write(ByteBuffer(string: text + "\r\n"))
                return try await reply(stage, expecting: expected)
            }

            _ = try await reply("greeting", expecting: 220...220)
            var extensions = try await command("EHLO pitwall", "EHLO").map { $0.uppercased() }
            let offersTLS = extensions.contains { $0.hasPrefix("STARTTLS") }
            if settings.encryption == .required, !offersTLS {
                throw SMTPFailure(stage: "STARTTLS", code: 0, text: "the server does not offer STARTTLS and the channel requires it")
            }
            if settings.encryption != .none, offersTLS {
                _ = try await command("STARTTLS", "STARTTLS", expecting: 220...220)
                var configuration = TLSConfiguration.makeClientConfiguration()
                if let file = settings.trustedCertificatesFile {
                    configuration.trustRoots = .file(file)
                }
                let context = try NIOSSLContext(configuration: configuration)
                let handshake = channel.channel.eventLoop.makePromise(of: Void.self)
                let serverHostname = settings.host.isIPAddressLiteral ? nil : settings.host
                let pipeline = channel.channel.pipeline
                try await channel.channel.eventLoop.submit {
                    // SNI takes names only; for an address, the certificate is checked against the address itself.
                    let handler = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
                    try pipeline.syncOperations.addHandler(handler, position: .first)
                    try pipeline.syncOperations.addHandler(TLSHandshakeWatcher(done: handshake), position: .after(handler))
                }.get()
                // A refused certificate closes the connection; wait for the handshake so the
                // reason is the certificate, not the write that found the connection closed.
                do {
                    try await handshake.futureResult.get()
                } catch {
                    throw SMTPFailure(stage: "STARTTLS", code: 0, text: "TLS handshake with \(settings.host) failed: \(error)")
                }
                encrypted = true
                extensions = try await command("EHLO pitwall", "EHLO after STARTTLS").map { $0.uppercased() }
            }
            if let username = settings.username, let password = settings.password {
                guard encrypted else { throw SMTPFailure(stage: "AUTH", code: 0, text: "refusing to send the password without TLS") }
                let token = Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString()
                _ = try await command("AUTH PLAIN \(token)", "AUTH", expecting: 235...235)
            }
            _ = try await command("MAIL FROM:<\(settings.from)>", "MAIL FROM")
            for recipient in settings.to { _ = try await command("RCPT TO:<\(recipient)>", "RCPT TO \(recipient)") }
            _ = try await command("DATA", "DATA", expecting: 354...354)
            try await outbound.write(ByteBuffer(string: message + "\r\n.\r\n"))
            _ = try await reply("message", expecting: 250...250)
            _ = try? await command("QUIT", "QUIT", expecting: 221...221)
        }
    }

    /// An RFC 5322 message: headers, a blank line, the body with CRLF line ends and lines
    /// that start with a dot doubled (RFC 5321 transparency). With `html`, a
    /// multipart/alternative of the text and the HTML, the HTML in base64 so that no line
    /// passes SMTP's 998 characters whatever the template writes.
    static func message(from: String, to: [String], subject: String, body: String, html: String? = nil, at instant: Timestamp) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let headers = [
            "Date: \(formatter.string(from: instant.date))",
            "From: Pitwall <\(from)>",
            "To: \(to.joined(separator: ", "))",
            "Subject: \(encodedHeader(subject))",
            "Message-ID: <\(UUID().uuidString.lowercased())@pitwall>",
            "MIME-Version: 1.0",
        ]
        let text = ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var parts = headers + text
        if let html {
            let boundary = "pitwall-" + UUID().uuidString.lowercased()
            let encoded = Data(html.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
            parts = headers + ["Content-Type: multipart/alternative; boundary=\"\(boundary)\""]
            lines = ["--\(boundary)"] + text + [""] + lines + ["--\(boundary)", "Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: base64", ""]
                + encoded.components(separatedBy: "\r\n") + ["--\(boundary)--"]
        }
        let stuffed = lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }
        return (parts + [""] + stuffed).joined(separator: "\r\n")
    }

    /// Plain ASCII as it is; anything else as an RFC 2047 encoded word.
    static func encodedHeader(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !$0.isASCII }) else { return text }
        return "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }
}

extension String {
    /// An address (127.0.0.1, ::1) rather than a host name.
    var isIPAddressLiteral: Bool {
        if contains(":") { return true }
        let parts = split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
    }
}

/// Completes its promise when the TLS handshake ends, with the reason when it fails.
final class TLSHandshakeWatcher: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let done: EventLoopPromise<Void>

    init(done: EventLoopPromise<Void>) {
        self.done = done
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted = event as? TLSUserEvent { done.succeed() }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        done.fail(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        done.fail(ChannelError.ioOnClosedChannel)
        context.fireChannelInactive()
    }
}
