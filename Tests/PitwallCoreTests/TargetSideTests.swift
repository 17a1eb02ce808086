import PitwallCore
import Testing

@Suite("Above or below target: a green figure beyond its band")
struct TargetSideTests {
    let conversion = KPICatalog.standard[.leadToSaleConversion]  // target 8 % – 12 %, green from 8 % up
    let young = CohortMaturity(outcome: .sale, shareIn: 0.75, typicalDelay: 86_400 * 14, measuredOn: 500, settlesOn: CivilDate(iso: "2026-06-30")!)

    @Test("as it stands: 19 % is above target, 10 % is inside the band, 5 % is not green at all")
    func asItStands() {
        #expect(KPIJudgement.asItStands(.green, stillComingIn: nil).sideOfTarget(0.19, target: conversion.target) == .above)
        #expect(KPIJudgement.asItStands(.green, stillComingIn: nil).sideOfTarget(0.10, target: conversion.target) == nil)
        #expect(KPIJudgement.asItStands(.red, stillComingIn: nil).sideOfTarget(0.05, target: conversion.target) == nil)
        #expect(KPIJudgement.asItStands(.green, stillComingIn: nil).sideOfTarget(nil, target: conversion.target) == nil)
    }

    @Test("while its leads are young, a figure is placed by where it is heading, not where it stands")
    func heading() {
        // 10 % with three quarters of sales in is heading for 13.3 %: above the band already.
        #expect(KPIJudgement.heading(.green, to: 0.133, young).sideOfTarget(0.10, target: conversion.target) == .above)
        #expect(KPIJudgement.heading(.green, to: 0.11, young).sideOfTarget(0.0825, target: conversion.target) == nil)
        #expect(KPIJudgement.heading(.yellow, to: 0.07, young).sideOfTarget(0.0525, target: conversion.target) == nil)
        #expect(KPIJudgement.tooEarly(young).sideOfTarget(0.07, target: conversion.target) == nil)
    }
}
