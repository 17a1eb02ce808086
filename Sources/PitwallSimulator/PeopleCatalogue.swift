/// Names and vehicles to make leads look like leads. Invented lists, no real people.
enum PeopleCatalogue {
    static let firstNames = [
        "Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "Mateo", "Isabella", "Lucas", "Mia", "Jackson", "Amelia",
        "Aiden", "Harper", "Ethan", "Evelyn", "Levi", "Camila", "Sebastian", "Gianna", "Jayden", "Luna", "Daniel", "Chloe",
        "Henry", "Aaliyah", "Owen", "Zoe", "Samuel", "Nora", "Wyatt", "Layla", "Julian", "Riley", "David", "Valentina", "Isaac",
        "Maya", "Andre", "Tanisha", "Hiro", "Fatima", "Darnell", "Ines", "Kwame", "Yesenia", "Tran", "Bogdan", "Shanice",
    ]
    static let lastNames = [
        "Garcia", "Johnson", "Nguyen", "Smith", "Williams", "Brown", "Martinez", "Davis", "Lopez", "Wilson", "Anderson",
        "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark",
        "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Hill", "Flores",
        "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Okafor", "Kowalski",
    ]

    struct Brand {
        var name: String
        var models: [String]
        /// Typical new-car transaction price in dollars.
        var newPrice: Double
    }

    static let brands: [Brand] = [
        Brand(name: "Toyota", models: ["Camry", "RAV4", "Corolla", "Highlander", "Tacoma", "Tundra"], newPrice: 39_000),
        Brand(name: "Honda", models: ["Civic", "Accord", "CR-V", "Pilot", "HR-V"], newPrice: 35_500),
        Brand(name: "Ford", models: ["F-150", "Escape", "Explorer", "Bronco", "Maverick", "Mustang"], newPrice: 48_000),
        Brand(name: "Chevrolet", models: ["Silverado", "Equinox", "Malibu", "Tahoe", "Traverse", "Trax"], newPrice: 45_500),
        Brand(name: "Nissan", models: ["Rogue", "Altima", "Sentra", "Pathfinder", "Frontier"], newPrice: 33_500),
        Brand(name: "Hyundai", models: ["Tucson", "Elantra", "Santa Fe", "Palisade", "Kona"], newPrice: 32_500),
        Brand(name: "Subaru", models: ["Outback", "Forester", "Crosstrek", "Ascent"], newPrice: 36_000),
        Brand(name: "Kia", models: ["Sportage", "Telluride", "Sorento", "Forte", "Seltos"], newPrice: 33_000),
    ]

    static func brand(named name: String) -> Brand {
        brands.first { $0.name == name } ?? brands[0]
    }
}
