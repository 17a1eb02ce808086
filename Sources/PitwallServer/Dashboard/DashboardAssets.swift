import Foundation
import Hummingbird

/// The stylesheet and the live-update script, served from the build: no file from elsewhere.
enum DashboardAssets {
    static func addRoutes(to router: Router<PitwallRequestContext>) {
        for (name, type) in [("pitwall.css", "text/css; charset=utf-8"), ("live.js", "text/javascript; charset=utf-8")] {
            let url = Bundle.module.url(forResource: "assets", withExtension: nil, subdirectory: "Resources")?.appendingPathComponent(name)
            let bytes = url.flatMap { try? Data(contentsOf: $0) } ?? Data()
            router.get("assets/\(name)") { _, _ in
                Response(
                    status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=300"],
                    body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
            }
        }
    }
}
