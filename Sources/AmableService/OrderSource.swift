import AmableCore

/// The order provider a shop's profile asks for: its HTTP API when `orders_url` is set,
/// otherwise the orders file bundled with the profile.
public enum OrderSource {
    public static func make(profile: ShopProfile, orders: [Order]) -> any OrderProvider {
        if let url = profile.ordersURL { return HTTPOrderProvider(urlTemplate: url) }
        return StaticOrderProvider(orders: orders)
    }
}
