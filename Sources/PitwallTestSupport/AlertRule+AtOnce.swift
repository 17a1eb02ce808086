import PitwallCore

extension AlertRule {
    /// The SOP's rules firing as soon as they are bad, not after their usual minutes: a test
    /// evaluates once and looks.
    public static var sopDefaultsFiringAtOnce: [AlertRule] {
        sopDefaults.map { rule in
            var rule = rule
            rule.forSeconds = 0
            return rule
        }
    }
}
