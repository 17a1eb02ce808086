import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import PitwallCore
@testable import PitwallServer
import PitwallSQLite
import PitwallTestSupport
import Testing

/// A real SMTP server for the test: Python's aiosmtpd on 127.0.0.1, writing what it receives
/// into a Maildir, stopped when the test ends.
struct LocalSMTPServer {
    let process: Process
    let port: Int
    let maildir: String
    let exited: AsyncStream<Void>

    /// With `tls`, the server offers STARTTLS with the test certificate and requires it before mail.
    static func start(in folder: TemporaryDirectory, tls: Bool = false) async throws -> LocalSMTPServer {
        // Ask the kernel for a free port, then hand it to the server.
        let probe = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(probe.localAddress?.port)
        try await probe.close()
        let maildir = folder.file("maildir")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)"]
        if tls { arguments += ["--tlscert", Self.fixture("smtp-test-cert.pem"), "--tlskey", Self.fixture("smtp-test-key.pem")] }
        process.arguments = arguments + ["-c", "aiosmtpd.handlers.Mailbox", maildir]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        // Awaited on stop: Foundation's waitUntilExit spins a run loop when called from a task.
        let (exited, continuation) = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in continuation.finish() }
        try process.run()
        let server = LocalSMTPServer(process: process, port: port, maildir: maildir, exited: exited)
        // Generous: a Python start with TLS, beside the whole suite on two busy cores, once took over 20 s in CI.
        try await server.waitUntilAccepting(within: .seconds(60))
        return server
    }

    /// A file of the test fixtures: a self-signed certificate for 127.0.0.1 and its key, made for this test.
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    func waitUntilAccepting(within limit: Duration) async throws {
        let accepting = try await eventually(within: limit) { () async throws -> Bool? in
            if let channel = try? await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get() {
                try? await channel.close()
                return true
            }
            guard process.isRunning else {
                throw SMTPFailure(stage: "test server", code: 0, text: "aiosmtpd exited before accepting on port \(port) (is it installed? pip install aiosmtpd)")
            }
            return nil
        }
        guard accepting != nil else {
            throw SMTPFailure(stage: "test server", code: 0, text: "aiosmtpd did not accept on port \(port) before the deadline")
        }
    }

    /// The messages received so far, as text.
    func messages() throws -> [String] {
        let folder = (maildir as NSString).appendingPathComponent("new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return try names.sorted().map { try String(contentsOfFile: (folder as NSString).appendingPathComponent($0), encoding: .utf8) }
    }

    /// Kills the server (it has nothing to save) and waits until it is gone.
    func stop() async {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        for await _ in exited {}
    }
}

@Suite("E-mail notifications to a real SMTP server")
struct EmailNotificationTests {
    @Test("a critical alert arrives as one e-mail with the store, the situation and the acknowledge link; a refused sender is not retried")
    func email() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let server = try await LocalSMTPServer.start(in: folder)
        do {
            try await sendsMail(through: server, folder: folder)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    func sendsMail(through server: LocalSMTPServer, folder: TemporaryDirectory) async throws {
        let configuration = try ConfigurationFile.parse(
            """
            stores: [{id: lkt, name: Lakeside Toyota}]
            notifications:
              link_base: https://pitwall.example.com
              channels:
                - name: bdc-mail
                  email: {host: 127.0.0.1, port: \(server.port), from: pitwall@example.com, to: [bdc@example.com, gm@example.com]}
            alerts:
              sop_defaults: false
              rules:
                - {id: message_failure_rate, kpi: message_failure_rate, above: {critical: 0.10}, for_minutes: 0, minimum_sample: 50}
            """, file: "pitwall.yaml"
        ).pitwall
        let store = try SQLiteStore(path: folder.file("p.sqlite"))
        let clock = ManualClock()
        clock.set(try Timestamp(rfc3339: "2026-03-02T12:00:00Z"))
        _ = try await store.ingest(
            NotificationTests().texts(lead: "L-1", count: 100, failed: 30, at: try Timestamp(rfc3339: "2026-03-02T09:00:00Z")), at: clock.now())
        let dependencies = AppDependencies(store: store, clock: clock, configuration: configuration)
        try await dependencies.alertWatch(retryDelays: []).evaluate(now: clock.now())

        let messages = try server.messages()
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        #expect(message.contains("Subject: Pitwall [CRITICAL] Lakeside Toyota: Message failure rate"))
        #expect(message.contains("To: bdc@example.com, gm@example.com"))
        #expect(message.contains("[CRITICAL] Message failure rate is 30% on 100 (critical above 10%)"))
        #expect(message.contains("acknowledge: POST https://pitwall.example.com/v1/alerts/message_failure_rate:store=lkt/ack"))
        #expect(try await store.auditLog(after: 0, limit: 10).map(\.action) == ["alert.firing", "notification.sent"])

        // Nobody listening: a failure that may pass, so it is retried, then reported.
        await server.stop()
        let channel = NotificationChannel(name: "bdc-mail", kind: .email(EmailSettings(host: "127.0.0.1", port: server.port, from: "p@example.com", to: ["bdc@example.com"])))
        let outcome = await NotificationDelivery(client: .shared, retryDelays: [.milliseconds(1)], linkBase: nil).deliver(
            NotificationBatch(channel: channel, store: nil, storeName: nil, notices: [], at: clock.now()))
        #expect(!outcome.delivered)
        #expect(outcome.attempts == 2)
    }

    @Test("over STARTTLS the relay's certificate is checked: trusted, the mail arrives encrypted; not trusted, nothing is sent")
    func starttls() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let server = try await LocalSMTPServer.start(in: folder, tls: true)
        func deliver(trusting certificates: String?) async -> DeliveryOutcome {
            var settings = EmailSettings(host: "127.0.0.1", port: server.port, from: "pitwall@example.com", to: ["bdc@example.com"])
            settings.encryption = .required
            settings.trustedCertificatesFile = certificates
            let notice = AlertNotice(
                kind: .firing, alertID: "system_down:group", ruleID: "system_down", name: "Messaging system down", segment: AlertSegment(store: nil),
                severity: .critical, text: "sms_gateway down since 2026-03-02T10:10:00.000Z", measurement: nil)
            let batch = NotificationBatch(
                channel: NotificationChannel(name: "relay", kind: .email(settings)), store: nil, storeName: nil, notices: [notice],
                at: Timestamp(millisecondsSinceEpoch: 1_772_446_200_000))
            return await NotificationDelivery(client: .shared, retryDelays: [], linkBase: nil).deliver(batch)
        }
        let untrusted = await deliver(trusting: nil)
        let trusted = await deliver(trusting: LocalSMTPServer.fixture("smtp-test-cert.pem"))
        let messages = try server.messages()
        await server.stop()
        // The relay's self-signed certificate is in no system store: refused, nothing sent.
        #expect(!untrusted.delivered)
        #expect(untrusted.detail.contains("CERTIFICATE_VERIFY_FAILED"), "\(untrusted.detail)")
        #expect(trusted.delivered, "\(trusted.detail)")
        #expect(messages.count == 1)
        #expect(messages.first?.contains("sms_gateway down since 2026-03-02T10:10:00.000Z") == true)
    }

    @Test("messages are dot-stuffed, and non-ASCII subjects encoded")
    func format() {
        let message = SMTPMailer.message(
            from: "p@example.com", to: ["a@example.com"], subject: "Pitwall [WARNING] Peña Motors: Opt-out rate", body: "one\n.two\nthree",
            at: Timestamp(millisecondsSinceEpoch: 0))
        #expect(message.contains("\r\n\r\none\r\n..two\r\nthree"))
        #expect(message.contains("Subject: =?UTF-8?B?"))
        #expect(message.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000"))
    }
}
