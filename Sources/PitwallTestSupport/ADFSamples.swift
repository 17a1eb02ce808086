/// ADF lead documents shaped like the ones dealers receive, each with an oddity real
/// providers send, for the reader's tests and the import command's.
public enum ADFSamples {
    /// By the book: XML declaration, then `<?adf?>`, one prospect with its own id, a time
    /// zone on the request date, a new car wanted and a trade-in.
    public static let standard = """
        <?xml version="1.0" encoding="UTF-8"?>
        <?adf version="1.0"?>
        <adf>
          <prospect status="new">
            <id sequence="1" source="CarGurus">CG-77812</id>
            <requestdate>2026-03-02T09:14:30-06:00</requestdate>
            <vehicle interest="buy" status="new">
              <year>2026</year><make>Toyota</make><model>RAV4</model><trim>XLE</trim>
              <vin>2T3W1RFV5SW000001</vin>
            </vehicle>
            <vehicle interest="trade-in" status="used">
              <year>2017</year><make>Honda</make><model>Civic</model><odometer units="mi">81234</odometer>
            </vehicle>
            <customer>
              <contact primarycontact="1">
                <name part="first">Ana</name>
                <name part="last">Lopez</name>
                <email>ana.lopez@example.com</email>
                <phone type="voice" time="evening">(312) 867-5309</phone>
              </contact>
              <comments>Is the RAV4 still available? I can come Saturday.</comments>
            </customer>
            <vendor><vendorname>Lakeside Toyota</vendorname></vendor>
            <provider><name part="full">CarGurus</name><service>New Car Leads</service></provider>
          </prospect>
        </adf>
        """

    /// `<?adf?>` before the XML declaration, two prospects, phone types outside the DTD,
    /// a full name only, `mailto:`, a request date with no zone, an element no DTD knows.
    public static let twoProspectsOddShapes = """
        <?adf version="1.0"?>
        <?xml version="1.0" encoding="UTF-8"?>
        <adf>
          <prospect>
            <requestdate>2026-03-02T09:15:00</requestdate>
            <vehicle status="used"><year>2021</year><make>Honda</make><model>CR-V</model></vehicle>
            <customer>
              <contact>
                <name part="full">Mary Ellen Carter</name>
                <phone type="home">773 202 5555</phone>
                <phone type="mobile">+1 (773) 555-0142</phone>
                <phone type="cell">773-290-1234</phone>
                <email> mailto:Mary.Carter@Example.COM </email>
                <x-preferred-language>es</x-preferred-language>
              </contact>
            </customer>
            <vendor><id>lkt</id></vendor>
            <provider><name>AutoTrader</name></provider>
          </prospect>
          <prospect>
            <requestdate>03/02/2026 9:20 AM</requestdate>
            <customer>
              <contact>
                <name part="first">Sam</name>
                <phone type="work">312.555.0100 ext. 12</phone>
                <email>sam at example dot com</email>
              </contact>
            </customer>
            <vendor><id>lkt</id></vendor>
          </prospect>
        </adf>
        """

    /// Request dates in the shapes providers send, one per prospect; the last is unreadable.
    public static let requestDates = [
        "2026-03-02 09:15:00 -0600", "20260302", "2026-03-02T15:15:00Z", "yesterday afternoon",
    ].map { date in
        """
        <prospect><requestdate>\(date)</requestdate>
          <customer><contact><phone type="cellphone">3128675309</phone></contact></customer>
          <vendor><id>lkt</id></vendor></prospect>
        """
    }.joined(separator: "\n").wrapped(in: "adf")

    /// A prospect with a name and nothing to reach them by, between two good ones.
    public static let oneWithoutContact = """
        <adf>
          <prospect><id source="Edmunds">E-1</id><customer><contact><phone>312-867-5309</phone></contact></customer></prospect>
          <prospect><id source="Edmunds">E-2</id><customer><contact><name part="full">No Way To Reach</name></contact></customer></prospect>
          <prospect><id source="Edmunds">E-3</id><customer><contact><email>kim@example.org</email></contact></customer></prospect>
        </adf>
        """

    /// A bare ampersand in a vendor name, as many dealer systems write it.
    public static let bareAmpersand = """
        <adf><prospect>
          <customer><contact><email>lee@example.net</email></contact></customer>
          <vendor><vendorname>Smith & Sons Motors</vendorname></vendor>
          <provider><name>Dealer &amp; Co Leads</name></provider>
        </prospect></adf>
        """

    /// An unclosed element: the reader names the line.
    public static let malformed = """
        <?xml version="1.0"?>
        <adf>
          <prospect>
            <customer><contact><email>x@example.com</email></contact>
          </prospect>
        </adf>
        """

    /// An external entity pointing at a local file: never read.
    public static let externalEntity = """
        <?xml version="1.0"?>
        <!DOCTYPE adf [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
        <adf><prospect><customer><contact><email>x@example.com</email></contact>
          <comments>&secret;</comments></customer></prospect></adf>
        """
}

extension String {
    func wrapped(in element: String) -> String { "<\(element)>\n\(self)\n</\(element)>" }
}
