import Testing

@testable import PitwallCore

/// What a template's words do, on texts whose answers were counted by hand.
@Suite("A template's words: length, texts, question, next step, name, emoji")
struct TemplateWordingTests {
    @Test("the simulator's question text: 94 characters once the placeholders are filled, one text, a question, personal")
    func questionText() {
        let wording = TemplateWording("Hi {first_name}, thanks for asking about the {vehicle}! What matters most to you in your next car?")
        // "Hi first_name, thanks for asking about the vehicle! What matters most to you in your next car?"
        #expect(wording.length == 94)
        #expect(wording.encoding == .gsm7 && wording.segments == 1)
        #expect(wording.placeholders == ["first_name", "vehicle"])
        #expect(wording.asksQuestion && wording.personal)
        #expect(!wording.callToAction && !wording.hasEmoji)
    }

    @Test("GSM texts: 160 characters in one, 153 a part beyond; € counts twice")
    func gsmSegments() {
        let a = { (count: Int) in String(repeating: "a", count: count) }
        #expect(TemplateWording(a(160)).segments == 1)
        #expect(TemplateWording(a(161)).segments == 2)
        #expect(TemplateWording(a(306)).segments == 2)
        #expect(TemplateWording(a(307)).segments == 3)
        let euro = TemplateWording(a(159) + "€")
        #expect(euro.length == 161 && euro.encoding == .gsm7 && euro.segments == 2, "the extension character is an escape and itself")
        #expect(TemplateWording("Ça coûte 20 000 €").encoding == .ucs2, "û is not in GSM's alphabet (ç is not either, only Ç)")
    }

    @Test("one character outside GSM's alphabet makes it UCS-2: 70 in one text, 67 a part beyond")
    func unicodeSegments() {
        let car = TemplateWording("Hi 🚗")
        #expect(car.encoding == .ucs2 && car.length == 5 && car.segments == 1, "the car is two UTF-16 units")
        #expect(car.hasEmoji)
        let curly = TemplateWording(String(repeating: "a", count: 70) + "’")
        #expect(curly.length == 71 && curly.segments == 2, "a curly apostrophe is no emoji but still UCS-2")
        #expect(!curly.hasEmoji)
        #expect(TemplateWording(String(repeating: "a", count: 133) + "’").segments == 2)
        #expect(TemplateWording(String(repeating: "a", count: 134) + "’").segments == 3)
        let video = TemplateWording(
            "Hi {first_name}! Here is a short walk-around video of the {vehicle} \u{1F697} https://video.example.com/{stock} Any questions?")
        #expect(video.length == 113 && video.segments == 2)
    }

    @Test("an emoji is a picture: 🚗, or ❤ asked to be one; ™, digits and # are text")
    func emoji() {
        #expect(TemplateWording("Love it \u{2764}\u{FE0F}").hasEmoji)
        #expect(!TemplateWording("Love it \u{2764}").hasEmoji)
        #expect(!TemplateWording("Toyota Safety Sense™ on #1 trims").hasEmoji)
    }

    @Test("a question mark in a link is the link's; STOP is no next step; a link, a visit or a call is")
    func questionAndNextStep() {
        let link = TemplateWording("Your quote: https://example.com/quote?id=9")
        #expect(!link.asksQuestion && link.callToAction)
        #expect(!TemplateWording("Reply STOP to opt out.").callToAction)
        #expect(TemplateWording("Give us a call when you can.").callToAction)
        #expect(TemplateWording("Want to book a time?").callToAction)
        #expect(TemplateWording("We can schedule that for Saturday.").callToAction)
        #expect(TemplateWording("Stop by any time this week.").callToAction)
        #expect(TemplateWording("See it at www.example.com").callToAction)
        #expect(!TemplateWording("Thanks for your interest.").callToAction)
    }

    @Test("placeholders: the customer's and the car's are personal, the dealership's are not; a stray brace is text")
    func placeholders() {
        let doubled = TemplateWording("{{ First_Name }}, the {{vehicle}} is ready")
        #expect(doubled.placeholders == ["first_name", "vehicle"] && doubled.personal)
        #expect(doubled.length == "First_Name, the vehicle is ready".count)
        let dealer = TemplateWording("Thanks from {dealer_name} and {agent_first_name}")
        #expect(dealer.placeholders == ["dealer_name", "agent_first_name"] && !dealer.personal)
        let stray = TemplateWording("Smile :-{ and { see you")
        #expect(stray.placeholders.isEmpty && stray.length == 23 + 2, "two braces, each two of the 160")
    }
}
