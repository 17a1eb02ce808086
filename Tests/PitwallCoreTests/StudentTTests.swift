import Testing

@testable import PitwallCore

/// The t distribution's two-sided p-values against scipy's `2 * t.sf(t, df)`, and against the
/// table of critical values the mean intervals use.
@Suite("Student's t: two-sided p-values")
struct StudentTTests {
    @Test(
        "equal to scipy's to nine places, for odd and even degrees of freedom",
        arguments: [
            (2.0, 1, 0.295_167_235_3), (2.0, 2, 0.183_503_419_1), (4.0, 3, 0.028_008_456_0), (0.5, 6, 0.634_880_000_0),
            (3.0, 7, 0.019_942_126_1), (2.5, 10, 0.031_446_844_2), (1.96, 200, 0.051_384_840_8), (12.706, 1, 0.050_000_802_4),
        ])
    func againstScipy(t: Double, degreesOfFreedom: Int, expected: Double) {
        #expect(abs(StudentT.twoSidedChance(t, degreesOfFreedom: degreesOfFreedom) - expected) < 1e-9)
        #expect(StudentT.twoSidedChance(-t, degreesOfFreedom: degreesOfFreedom) == StudentT.twoSidedChance(t, degreesOfFreedom: degreesOfFreedom))
    }

    @Test("each critical value of the table (3 decimals) gives 5 %; nothing at t = 0; next to nothing far out")
    func criticalValues() {
        for df in 1...40 {
            let chance = StudentT.twoSidedChance(MeanInterval.studentT975(degreesOfFreedom: df), degreesOfFreedom: df)
            #expect(abs(chance - 0.05) < 0.0005, "\(df) degrees of freedom: \(chance)")
        }
        #expect(StudentT.twoSidedChance(0, degreesOfFreedom: 5) == 1)
        #expect(StudentT.twoSidedChance(100, degreesOfFreedom: 4) < 1e-6)
    }
}
