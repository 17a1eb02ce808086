import PitwallCore

/// Why a browser that had a session is signed out: said on the sign-in form it is sent to
/// (`/sign-in?ended=token`) and in the live feed's `signed-out` notice. Only these codes
/// travel in the address, so no one can put words of their own on the form.
enum SignedOutReason: String, Sendable {
    /// Unknown, run out after hours unused, or signed out in another tab.
    case sessionEnded = "session"
    /// The token it was opened with was revoked or has expired.
    case tokenWithdrawn = "token"

    init?(_ lookup: DashboardSessions.Lookup) {
        switch lookup {
        case .live: return nil
        case .ended: self = .sessionEnded
        case .tokenWithdrawn: self = .tokenWithdrawn
        }
    }

    var explanation: String {
        switch self {
        case .sessionEnded: "Your session has ended. Sign in again to continue."
        case .tokenWithdrawn: "The token you signed in with has expired or was revoked. Sign in with another to continue."
        }
    }
}
