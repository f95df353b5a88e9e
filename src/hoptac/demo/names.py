"""Vietnamese names, organisation names, addresses and phone numbers for the demo.

Everything here is generated from small word lists combined by a seeded
``random.Random``: the people, cooperatives and addresses are invented. Place
names come from the real administrative units (display only).
"""

SURNAMES = (
    # Weighted roughly like the population: Nguyễn first by far.
    ("Nguyễn", 30), ("Trần", 11), ("Lê", 9), ("Phạm", 8), ("Vũ", 6), ("Hoàng", 5),
    ("Đặng", 3), ("Bùi", 4), ("Đỗ", 3), ("Ngô", 2), ("Đào", 2), ("Phan", 2),
    ("Lương", 1), ("Mai", 1), ("Trịnh", 1), ("Đinh", 1), ("Cao", 1), ("Dương", 1),
    ("Tô", 1), ("Hà", 1), ("Lại", 1), ("Nông", 1),
)
MIDDLE_MALE = ("Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Xuân", "Đình", "Công", "Thanh", "Mạnh", "Trọng")
MIDDLE_FEMALE = ("Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Phương", "Kim")
GIVEN_MALE = (
    "Hùng", "Dũng", "Cường", "Thắng", "Tuấn", "Hải", "Sơn", "Long", "Nam", "Bình", "Toàn",
    "Khánh", "Phúc", "Thành", "Trung", "Hiếu", "Quân", "Huy", "Tiến", "Vinh", "Đông",
    "Lâm", "Kiên", "Hoà", "Thịnh", "Hưng", "Tùng", "Nghĩa", "Lợi", "Chiến",
)
GIVEN_FEMALE = (
    "Hương", "Lan", "Hoa", "Mai", "Hằng", "Thủy", "Nga", "Loan", "Yến", "Liên", "Hạnh",
    "Dung", "Huệ", "Oanh", "Trang", "Thảo", "Vân", "Nhung", "Tuyết", "Xuân",
)

# Words that cooperatives take as a motto-like name.
MOTTOS = (
    "Tân Tiến", "Thành Công", "Hợp Tiến", "Đoàn Kết", "Quyết Thắng", "Thắng Lợi",
    "Hưng Thịnh", "Phú Thịnh", "An Phát", "Đồng Tiến", "Đại Thắng", "Hoà Bình",
    "Hữu Nghị", "Toàn Thắng", "Thống Nhất", "Việt Tiến", "Tân Trào", "Hồng Hà",
    "Duyên Hải", "Nam Triệu", "Bạch Đằng", "Sông Cấm", "Tam Bạc", "Lạch Tray",
    "Sao Mai", "Bình Minh", "Hoa Phượng", "Cờ Đỏ", "Kiến Thiết", "Hải Thành",
    "Rạng Đông", "Tiền Phong", "Hải Đăng", "Cửa Biển", "Đông Hải", "Bến Bính",
    "Quang Trung", "Chiến Thắng", "Tân Lập", "Vạn Xuân", "Phương Đông", "Hoàng Long",
)

# Name patterns per kind and sector: "{place}" is the commune or district,
# "{motto}" one of MOTTOS.
HTX_PATTERNS = {
    "agriculture": (
        "HTX Dịch vụ nông nghiệp {place}", "HTX Dịch vụ nông nghiệp {place}",
        "HTX Dịch vụ nông nghiệp tổng hợp {place}", "HTX Nông nghiệp {place}",
        "HTX Nuôi trồng thủy sản {place}", "HTX Rau an toàn {place}", "HTX Chăn nuôi {motto}",
        "HTX Sản xuất lúa giống {place}", "HTX Trồng hoa cây cảnh {place}", "HTX Nghề cá {motto}",
    ),
    "industry": (
        "HTX Cơ khí {motto}", "HTX Mây tre đan {place}", "HTX Dệt may {motto}",
        "HTX Chế biến hải sản {place}", "HTX Mộc mỹ nghệ {place}", "HTX Tiểu thủ công nghiệp {motto}",
        "HTX Sản xuất vật liệu {motto}", "HTX Đan lưới {place}", "HTX Chế biến nông sản {place}",
        "HTX Thêu ren {place}",
    ),
    "construction": ("HTX Xây dựng {motto}", "HTX Xây dựng và Dịch vụ {motto}"),
    "trade": (
        "HTX Thương mại và Dịch vụ {motto}", "HTX Kinh doanh và quản lý chợ {place}",
        "HTX Dịch vụ tổng hợp {place}", "HTX Thương mại {motto}", "HTX Dịch vụ {motto}",
    ),
    "transport": (
        "HTX Vận tải thủy {motto}", "HTX Vận tải ô tô {motto}", "HTX Vận tải hành khách {motto}",
        "HTX Dịch vụ vận tải {motto}", "HTX Vận tải biển {motto}", "HTX Xe khách {motto}",
    ),
    "environment": (
        "HTX Vệ sinh môi trường {place}", "HTX Nước sạch {place}", "HTX Dịch vụ điện năng {place}",
    ),
    "housing": ("HTX Nhà ở {motto}",),
    "other": (
        "HTX Vệ sinh môi trường {place}", "HTX Nước sạch {place}", "HTX Dịch vụ điện năng {place}",
        "HTX Dịch vụ du lịch {place}", "HTX Dịch vụ {motto}", "HTX Tổng hợp {place}",
    ),
    "": (
        "HTX {motto}", "HTX Dịch vụ tổng hợp {motto}", "HTX Sản xuất và Dịch vụ {place}",
    ),
}
THT_PATTERNS = {
    "agriculture": (
        "Tổ hợp tác sản xuất rau {place}", "Tổ hợp tác nuôi trồng thủy sản {place}",
        "Tổ hợp tác khai thác thủy sản {motto}", "Tổ hợp tác chăn nuôi {place}", "Tổ hợp tác trồng nấm {place}",
        "Tổ hợp tác dịch vụ cây giống {place}", "Tổ hợp tác làm đất {place}", "Tổ hợp tác trồng dưa {place}",
    ),
    "industry": ("Tổ hợp tác may mặc {motto}", "Tổ hợp tác mộc {place}", "Tổ hợp tác đan lưới {place}"),
    "transport": ("Tổ hợp tác vận tải {motto}", "Tổ hợp tác đò ngang {place}"),
    "trade": ("Tổ hợp tác dịch vụ {motto}", "Tổ hợp tác kinh doanh hải sản {place}"),
}
QTDND_PATTERN = "Quỹ tín dụng nhân dân {place}"

STREETS = (
    "Lạch Tray", "Tô Hiệu", "Hai Bà Trưng", "Trần Nguyên Hãn", "Lê Lợi", "Ngô Quyền",
    "Đà Nẵng", "Lê Thánh Tông", "Điện Biên Phủ", "Trần Phú", "Hoàng Văn Thụ",
    "Nguyễn Đức Cảnh", "Chợ Con", "Văn Cao", "Lê Hồng Phong", "Nguyễn Văn Linh",
    "Phạm Văn Đồng", "Trường Chinh", "Bạch Đằng", "Hùng Vương", "Cát Cụt", "Tôn Đức Thắng",
)
HAMLETS = (
    "Thôn Đông", "Thôn Đoài", "Thôn Trung", "Thôn Nam", "Thôn Bắc", "Thôn Tân Lập",
    "Thôn Thượng", "Thôn Hạ", "Thôn Nhân Lễ", "Thôn Phú Xá", "Thôn An Lạc", "Thôn Cựu Viên",
)

_PREFIXES = ("Thành phố ", "Thị trấn ", "Phường ", "Quận ", "Huyện ", "Xã ")


def weighted(rng, pairs):
    """One item of ``(item, weight)`` pairs."""
    items, weights = zip(*pairs, strict=True)
    return rng.choices(items, weights=weights)[0]


def person(rng, female=None):
    """A full Vietnamese name: surname, middle name, given name."""
    if female is None:
        female = rng.random() < 0.3
    middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    return f"{weighted(rng, SURNAMES)} {middle} {given}"


def place(unit_name):
    """The proper name of a unit: 'Phường Quán Toan' -> 'Quán Toan'."""
    for prefix in _PREFIXES:
        if unit_name.startswith(prefix):
            return unit_name[len(prefix):]
    return unit_name


def organization_name(rng, kind, sector, place_name, taken):
    """A name not yet in ``taken`` (which it updates)."""
    if kind == "tht":
        patterns = THT_PATTERNS.get(sector, THT_PATTERNS["agriculture"])
    elif kind == "qtdnd":
        patterns = (QTDND_PATTERN,)
    else:
        patterns = HTX_PATTERNS[sector]
    for _attempt in range(12):
        name = rng.choice(patterns).format(place=place_name, motto=rng.choice(MOTTOS))
        if name not in taken:
            break
    n = 2
    base = name
    while name in taken:
        name = f"{base} số {n}"
        n += 1
    taken.add(name)
    return name


def address(rng, commune_name, commune_type, district_name):
    """A street address in a ward or town, a hamlet in a rural commune."""
    if commune_type in ("phường", "thị trấn"):
        street = f"Số {rng.randint(2, 480)} đường {rng.choice(STREETS)}"
    else:
        street = rng.choice(HAMLETS)
    parts = [street, commune_name, district_name, "Hải Phòng"]
    return ", ".join(p for p in parts if p)


def phone(rng):
    """A landline of Hải Phòng (0225) or a mobile number."""
    if rng.random() < 0.45:
        return f"0225 3{rng.randint(0, 999):03d} {rng.randint(0, 999):03d}"
    prefix = rng.choice(("091", "090", "098", "097", "094", "093", "083", "086"))
    return f"{prefix}{rng.randint(0, 9)} {rng.randint(0, 999):03d} {rng.randint(0, 999):03d}"


_ASCII = str.maketrans(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ",
    "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd",
)


def email_for(name, code):
    """A clearly fictitious mailbox (example.com is reserved for examples)."""
    words = name.lower().translate(_ASCII).split()
    slug = "".join(w for w in words[1:] if w.isalnum())[:18] or "htx"
    return f"{slug}.{code[-4:]}@example.com"


# What an organisation makes or provides, from the words of its name (first match).
PRODUCTS = (
    ("Dịch vụ nông nghiệp", "Dịch vụ làm đất, thủy nông, cung ứng giống và vật tư nông nghiệp"),
    ("Nông nghiệp", "Dịch vụ thủy nông, bảo vệ thực vật, tiêu thụ nông sản"),
    ("thủy sản", "Nuôi tôm, cua, cá nước lợ; cung ứng con giống"),
    ("Rau an toàn", "Rau an toàn theo quy trình VietGAP"),
    ("sản xuất rau", "Rau an toàn theo quy trình VietGAP"),
    ("Chăn nuôi", "Chăn nuôi lợn, gà; cung ứng thức ăn chăn nuôi"),
    ("lúa giống", "Sản xuất và tiêu thụ lúa giống"),
    ("hoa cây cảnh", "Hoa, cây cảnh, cây giống"),
    ("Nghề cá", "Khai thác hải sản, dịch vụ hậu cần nghề cá"),
    ("Cơ khí", "Gia công cơ khí, sửa chữa máy móc nông nghiệp"),
    ("Mây tre đan", "Sản phẩm mây tre đan"),
    ("Dệt may", "May mặc gia công"),
    ("may mặc", "May mặc gia công"),
    ("Chế biến hải sản", "Nước mắm, chả mực, hải sản khô"),
    ("Chế biến nông sản", "Sơ chế, đóng gói nông sản"),
    ("Mộc", "Đồ gỗ mỹ nghệ, đồ gỗ gia dụng"),
    ("Thêu ren", "Hàng thêu ren thủ công"),
    ("Đan lưới", "Đan lưới, ngư cụ"),
    ("Vận tải", "Vận tải hàng hóa và hành khách"),
    ("vận tải", "Dịch vụ vận tải hàng hóa"),
    ("Tiểu thủ công nghiệp", "Sản xuất hàng thủ công, gia công cơ khí nhỏ"),
    ("làm đất", "Dịch vụ làm đất, gặt đập bằng máy"),
    ("trồng nấm", "Nấm rơm, nấm sò"),
    ("trồng dưa", "Dưa hấu, dưa lê theo mùa vụ"),
    ("cây giống", "Cây giống ăn quả, cây giống lâm nghiệp"),
    ("hải sản", "Thu mua, sơ chế hải sản"),
    ("đò ngang", "Chở khách qua sông"),
    ("Dịch vụ tổng hợp", "Dịch vụ điện, nước, vệ sinh môi trường và cung ứng vật tư"),
    ("Sản xuất và Dịch vụ", "Sản xuất nông sản và dịch vụ tổng hợp"),
    ("Xe khách", "Vận tải hành khách theo tuyến cố định"),
    ("Vệ sinh môi trường", "Thu gom, vận chuyển rác thải sinh hoạt"),
    ("Nước sạch", "Cung cấp nước sạch nông thôn"),
    ("điện năng", "Quản lý, kinh doanh điện nông thôn"),
    ("chợ", "Quản lý, kinh doanh chợ"),
    ("du lịch", "Dịch vụ du lịch cộng đồng, lưu trú"),
    ("Xây dựng", "Xây dựng công trình dân dụng, giao thông nông thôn"),
    ("Thương mại", "Kinh doanh hàng tiêu dùng, vật liệu xây dựng"),
    ("Quỹ tín dụng", "Huy động tiền gửi và cho vay thành viên"),
    ("vật liệu", "Sản xuất gạch không nung, vật liệu xây dựng"),
)


def products_for(name):
    """A plausible line of products or services for an organisation of that name ('' if none fits)."""
    return next((text for word, text in PRODUCTS if word in name), "")
