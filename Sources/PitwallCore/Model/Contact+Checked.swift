extension Contact {
    /// The contact as it should be stored: a phone that passes the numbering-plan check in
    /// E.164 and an e-mail trimmed, each with the value as sent beside it when it changed; a
    /// value that fails is kept as sent with its problem beside it, and the problem is
    /// returned as a warning for whoever sent it.
    public func checkedAtTheDoor() -> (Contact, warnings: [String]) {
        var checked = self
        var warnings: [String] = []
        if let phone, !phone.isEmpty {
            let check = ContactCheck.phone(phone)
            if let e164 = check.e164, e164 != phone {
                checked.phone = e164
                checked.extras["phone_as_sent"] = .string(String(phone.prefix(64)))
            }
            if let problem = check.problem {
                checked.extras["phone_problem"] = .string(problem)
                warnings.append("phone: \(problem)")
            }
        }
        if let email, !email.isEmpty {
            let check = ContactCheck.email(email)
            if let address = check.address, address != email { checked.email = address }
            if let problem = check.problem {
                checked.extras["email_problem"] = .string(problem)
                warnings.append("email: \(problem)")
            }
        }
        return (checked, warnings)
    }
}
