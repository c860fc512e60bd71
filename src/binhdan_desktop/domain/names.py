"""Vietnamese names and places for the demo commune (frequencies roughly as in the population)."""

from __future__ import annotations

FAMILY_NAMES: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Huỳnh", 5), ("Hoàng", 3), ("Phan", 4),
    ("Võ", 4), ("Vũ", 2), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 1), ("Dương", 1),
    ("Lý", 1), ("Đinh", 1), ("Trương", 1), ("Đoàn", 1), ("Lương", 1), ("Tạ", 1), ("Châu", 1),
)
MALE_MIDDLE = ("Văn", "Văn", "Văn", "Đức", "Minh", "Hữu", "Quang", "Công", "Thanh", "Xuân", "Ngọc", "Đình",
               "Tuấn", "Quốc", "Thành")
FEMALE_MIDDLE = ("Thị", "Thị", "Thị", "Thị", "Ngọc", "Thanh", "Thu", "Kim", "Mỹ", "Bích", "Hồng", "Phương",
                 "Diệu", "Thùy")
MALE_GIVEN = ("An", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khánh",
              "Khoa", "Long", "Lộc", "Minh", "Nam", "Nghĩa", "Phát", "Phong", "Phúc", "Quân", "Quang", "Sơn",
              "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Ân",
              "Ấn", "Ẩn", "Ơn", "Ước", "Ưng", "Lực", "Nhật", "Khải", "Kiên", "Bảo", "Duy", "Tường")
FEMALE_GIVEN = ("Anh", "Ánh", "Bích", "Châu", "Chi", "Dung", "Diệp", "Duyên", "Giang", "Hà", "Hạnh", "Hằng",
                "Hiền", "Hoa", "Hồng", "Huệ", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga",
                "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Sương", "Tâm", "Thảo", "Thu",
                "Thủy", "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Xuân", "Yến", "Ơn", "Ưng", "Ẩn")
VILLAGE_NAMES = (
    "Thôn An Điềm", "Thôn Đồng Răm", "Thôn Bình Thanh", "Thôn Phước Hòa", "Thôn Tân Hy", "Thôn Hải Ninh",
    "Thôn Trà Đình", "Thôn Mỹ Tân", "Thôn Vĩnh Trà", "Thôn Ưu Điềm", "Thôn Thuận Phước", "Thôn Đông Yên",
    "Thôn Tây Phước", "Thôn Long Hiệp", "Thôn Hòa Vân", "Thôn Sơn Trà", "Thôn Châu Thuận", "Thôn Phú Long",
    "Thôn Khánh Mỹ", "Thôn Ơn Thủy", "Thôn Nam Bình", "Thôn Bắc Sơn", "Thôn Trung An", "Thôn Gò Nổi",
    "Thôn Bàu Sen", "Thôn Cây Gạo", "Thôn Xóm Rẫy", "Thôn Suối Đá", "Thôn Lạc Sơn", "Thôn Hưng Nhượng",
)
HAMLETS = ("Xóm Đông", "Xóm Tây", "Xóm Giữa", "Xóm Chợ", "Xóm Bàu", "Xóm Gò", "Xóm Rừng", "Xóm Bến")
