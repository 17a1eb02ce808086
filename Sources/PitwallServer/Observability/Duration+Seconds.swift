extension Duration {
    /// The duration in seconds, as metrics record it.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
