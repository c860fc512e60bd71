<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>BarChart</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/bar_chart.py" line="134" />
        <source>Mục tiêu {t}</source>
        <translation>Target {t}</translation>
    </message>
</context>
<context>
    <name>Buttons</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/buttons.py" line="14" />
        <source>Lưu (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/buttons.py" line="15" />
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ColumnTable</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="28" />
        <source>Trang tính</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="28" />
        <source>Thông tin</source>
        <translation>Information</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="29" />
        <source>Cột trong tệp (sửa nếu sai)</source>
        <translation>Column in the file (correct it if wrong)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="35" />
        <source>Cột chọn ở đây chỉ dùng cho trang tính của dòng đó.</source>
        <translation>A column chosen here is used on this row's sheet only.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="58" />
        <source>Cột của tiêu đề hai hàng: giới tính theo cột Nam/Nữ.</source>
        <translation>A column of a two-row header: the gender follows the Nam (male) / Nữ (female) column.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="64" />
        <source>(không dùng)</source>
        <translation>(not used)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="64" />
        <source>(theo cột Năm sinh Nam/Nữ)</source>
        <translation>(from the Năm sinh Nam/Nữ columns)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="75" />
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="75" />
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="75" />
        <source>Giới tính</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="76" />
        <source>Quan hệ với chủ hộ</source>
        <translation>Relation to head</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="76" />
        <source>Số CCCD</source>
        <translation>ID number (CCCD)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="77" />
        <source>Số điện thoại</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="77" />
        <source>Thôn/Tổ</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="77" />
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="78" />
        <source>Mã hộ</source>
        <translation>Household code</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="78" />
        <source>STT</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="78" />
        <source>Họ và tên chủ hộ</source>
        <translation>Head of household's name</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="79" />
        <source>Tên</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="79" />
        <source>Giới tính: Nam</source>
        <translation>Gender: male</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="80" />
        <source>Giới tính: Nữ</source>
        <translation>Gender: female</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="80" />
        <source>Năm sinh: Nam</source>
        <translation>Birth year: male</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_columns.py" line="81" />
        <source>Năm sinh: Nữ</source>
        <translation>Birth year: female</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/dashboard.py" line="51" />
        <source>Năm kế hoạch</source>
        <translation>Plan year</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/dashboard.py" line="54" />
        <source>Chỉ tiêu</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/dashboard.py" line="54" />
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/dashboard.py" line="54" />
        <source>Tỷ lệ</source>
        <translation>Rate</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/dashboard.py" line="55" />
        <source>Mục tiêu</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/dashboard.py" line="55" />
        <source>Đánh giá</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/dashboard.py" line="55" />
        <source>Còn thiếu</source>
        <translation>Still missing</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/dashboard.py" line="56" />
        <source>Đơn vị chủ trì</source>
        <translation>Lead unit</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/dashboard.py" line="69" />
        <source>Còn thiếu bao nhiêu người (hộ) để đạt mục tiêu, theo thôn:</source>
        <translation>How many people (households) are still missing to reach the target, per village:</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/dashboard.py" line="80" />
        <location filename="../../src/binhdan_desktop/ui/views/dashboard.py" line="97" />
        <source>Đang tính…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/dashboard.py" line="121" />
        <source>Đạt</source>
        <translation>Met</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/dashboard.py" line="121" />
        <source>Chưa đạt</source>
        <translation>Not met</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/dashboard.py" line="134" />
        <source>Tính đến ngày {d}</source>
        <translation>As of {d}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/dashboard.py" line="151" />
        <source>Thôn</source>
        <translation>Village</translation>
    </message>
</context>
<context>
    <name>DueView</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/due.py" line="34" />
        <source>Hẹn ngày</source>
        <translation>Due on</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/due.py" line="34" />
        <source>Mã hộ</source>
        <translation>Household code</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/due.py" line="34" />
        <source>Chủ hộ</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/due.py" line="35" />
        <source>Thôn</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/due.py" line="35" />
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/due.py" line="80" />
        <source>{n} hộ đã đến hẹn thăm lại. Nhấn Enter để ghi lần thăm.</source>
        <translation>{n} households are due for a follow-up visit. Press Enter to record the visit.</translation>
    </message>
</context>
<context>
    <name>EventDialog</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="72" />
        <source>Ghi lớp học / sự kiện</source>
        <translation>Record a class / event</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="82" />
        <source>Lọc người theo tên (không cần dấu)</source>
        <translation>Filter people by name (no accents needed)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="89" />
        <source>Toàn xã</source>
        <translation>Whole commune</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="101" />
        <source>Tên lớp/sự kiện</source>
        <translation>Class / event name</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="102" />
        <source>Loại</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="103" />
        <source>Ngày</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="104" />
        <source>Địa điểm</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="105" />
        <source>Thôn</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="106" />
        <source>Số người tham dự (cả người ngoài danh sách)</source>
        <translation>Attendance (including people not on the list)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="111" />
        <source>Bài đã dạy</source>
        <translation>Lessons taught</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="144" />
        <source>Đã chọn {n} người</source>
        <translation>People chosen: {n}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="199" />
        <source>Ghi lớp học/sự kiện «{title}»</source>
        <translation>Record class/event “{title}”</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="201" />
        <source>Đã ghi lớp học/sự kiện «{title}»</source>
        <translation>Recorded class/event “{title}”</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="224" />
        <source>Bỏ lớp học/sự kiện mới đang nhập (chưa lưu)?</source>
        <translation>Discard the new class/event you are entering (not saved)?</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="225" />
        <source>Bỏ lớp học/sự kiện «{title}» chưa lưu?</source>
        <translation>Discard the unsaved class/event “{title}”?</translation>
    </message>
</context>
<context>
    <name>EventsView</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="233" />
        <source>Ngày</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="233" />
        <source>Tên</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="233" />
        <source>Loại</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="233" />
        <source>Địa điểm</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="234" />
        <source>Số người</source>
        <translation>People</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="238" />
        <source>Ghi lớp học / sự kiện mới</source>
        <translation>Record a new class / event</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="240" />
        <source>Xoá lớp học / sự kiện đang chọn</source>
        <translation>Delete selected class / event</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="241" />
        <source>Xoá cả danh sách tham dự và các bài đã học ghi từ nó (phím Del); có thể hoàn tác (Ctrl+Z)</source>
        <translation>Also deletes its attendance and the lessons recorded from it (Del key); can be undone (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="280" />
        <source>«{title}» ngày {date}</source>
        <translation>“{title}” of {date}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="281" />
        <source>Xoá lớp học / sự kiện</source>
        <translation>Delete class / event</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="282" />
        <source>Xoá lớp học/sự kiện {name}, danh sách tham dự và các bài đã học ghi từ nó? Có thể hoàn tác (Ctrl+Z).</source>
        <translation>Delete class/event {name}, its attendance and the lessons recorded from it? This can be undone (Ctrl+Z).</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="287" />
        <source>Xoá lớp học/sự kiện {name}</source>
        <translation>Delete class/event {name}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/events.py" line="289" />
        <source>Đã xoá lớp học/sự kiện {name}</source>
        <translation>Deleted class/event {name}</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/first_run.py" line="36" />
        <source>Thiết lập ban đầu – Bình Dân Desktop</source>
        <translation>First-run setup – Bình Dân Desktop</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/first_run.py" line="40" />
        <source>Mỗi dòng một thôn / tổ dân phố, ví dụ:
Thôn An Điềm
Thôn Đồng Răm</source>
        <translation>One village per line, for example:
Thôn An Điềm
Thôn Đồng Răm</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/first_run.py" line="44" />
        <source>Chào mừng! Nhập thông tin xã để bắt đầu, hoặc mở xã mẫu để dùng thử.</source>
        <translation>Welcome! Enter your commune to begin, or open the demo commune to try the app.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/first_run.py" line="47" />
        <source>Tên xã</source>
        <translation>Commune name</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/first_run.py" line="48" />
        <source>Tỉnh</source>
        <translation>Province</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/first_run.py" line="49" />
        <source>Các thôn / tổ dân phố</source>
        <translation>Villages / residential groups</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/first_run.py" line="50" />
        <source>Họ tên của bạn</source>
        <translation>Your full name</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/first_run.py" line="51" />
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/first_run.py" line="52" />
        <source>Tên máy này (vd: Laptop tổ thôn 3)</source>
        <translation>This computer's name (e.g. Team laptop village 3)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/first_run.py" line="53" />
        <source>Mở xã mẫu để dùng thử</source>
        <translation>Open the demo commune</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/first_run.py" line="55" />
        <source>Máy của tổ: nhận dữ liệu xã bằng tệp mời và nơi đồng bộ…</source>
        <translation>Team computer: take the commune from the invitation and the sync place…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/first_run.py" line="102" />
        <source>Tệp mời của tổ</source>
        <translation>The team's invitation</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/first_run.py" line="59" />
        <source>Bắt đầu</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/first_run.py" line="60" />
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/first_run.py" line="95" />
        <source>Đang tạo xã mẫu {n} hộ…</source>
        <translation>Creating the demo commune ({n} households)…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/first_run.py" line="105" />
        <source>Thư mục đồng bộ (USB, thư mục chia sẻ)</source>
        <translation>Sync folder (USB, shared folder)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/first_run.py" line="121" />
        <source>Đang chờ văn phòng xã duyệt</source>
        <translation>Waiting for the commune office's approval</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/first_run.py" line="122" />
        <source>Đã gửi yêu cầu tham gia tổ. Mã văn phòng: {office} — phải khớp với mã văn phòng xã đọc cho bạn. Mã máy này: {code} — hãy đọc cho văn phòng xã khi họ duyệt. Sau khi văn phòng duyệt và đồng bộ, bấm lại nút “Máy của tổ” để nhận dữ liệu xã.</source>
        <translation>The request to join the team was sent. Office code: {office} — it must match the code the commune office reads to you. This computer's code: {code} — read it to the office when they approve. Once the office has approved and synced, press “Team computer” again to take the commune's data.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/first_run.py" line="126" />
        <source>Chưa có dữ liệu xã</source>
        <translation>No commune data yet</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/first_run.py" line="127" />
        <source>Nơi đồng bộ chưa có dữ liệu của văn phòng xã. Hãy đồng bộ lại khi có.</source>
        <translation>The sync place has no data from the commune office yet. Sync again when it does.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/first_run.py" line="111" />
        <source>Đang nhận dữ liệu xã…</source>
        <translation>Receiving the commune's data…</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/form_dialog.py" line="46" />
        <source>Bỏ các thay đổi chưa lưu?</source>
        <translation>Discard unsaved changes?</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/form_dialog.py" line="50" />
        <source>Bỏ thay đổi: đóng và không lưu những gì đã nhập. Tiếp tục sửa: quay lại biểu mẫu.</source>
        <translation>Discard changes: close without saving what you entered. Keep editing: back to the form.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/form_dialog.py" line="76" />
        <source>Bỏ thay đổi</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/form_dialog.py" line="77" />
        <source>Tiếp tục sửa</source>
        <translation>Keep editing</translation>
    </message>
</context>
<context>
    <name>HouseholdDialog</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="73" />
        <source>Hộ gia đình</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="73" />
        <source>Đăng ký hộ mới</source>
        <translation>Register a new household</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="88" />
        <source>để trống: tự cấp mã</source>
        <translation>leave empty: a code is assigned</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="90" />
        <source>Thôn/Tổ dân phố</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="91" />
        <source>Mã hộ</source>
        <translation>Household code</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="92" />
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="93" />
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="94" />
        <source>Diện hộ</source>
        <translation>Poverty status</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="95" />
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="152" />
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="96" />
        <source>dd/mm/yyyy; để trống: hôm nay</source>
        <translation>dd/mm/yyyy; empty: today</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="97" />
        <source>Các thay đổi (định danh, tài khoản, nhóm, cư trú, quan hệ với chủ hộ, thôn, người bỏ khỏi hộ) tính từ ngày này trong các báo cáo của ngày đã qua</source>
        <translation>The changes (identity, account, groups, residence, relation to the head, village, people taken off the household) hold from this day in reports of past days</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="100" />
        <source>Thay đổi từ ngày</source>
        <translation>Changed since</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="101" />
        <source>Thêm người (Ctrl+Enter)</source>
        <translation>Add person (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="103" />
        <source>Bỏ người đang chọn</source>
        <translation>Remove selected person</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="111" />
        <source>Thành viên</source>
        <translation>Members</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="148" />
        <source>Người học</source>
        <translation>Learner</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="148" />
        <source>Bài</source>
        <translation>Lesson</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="148" />
        <source>Tên bài</source>
        <translation>Lesson title</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="148" />
        <source>Ngày</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="148" />
        <source>Hình thức</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="150" />
        <source>Bài đã học ({n})</source>
        <translation>Completed lessons ({n})</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="152" />
        <source>Ngày thăm</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="152" />
        <source>Hẹn thăm lại</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="154" />
        <source>Lịch sử thăm ({n})</source>
        <translation>Visit history ({n})</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="211" />
        <source>Đăng ký hộ {name}</source>
        <translation>Register household {name}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="213" />
        <source>Đã đăng ký hộ {name}</source>
        <translation>Registered household {name}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="216" />
        <source>Sửa hộ {name}</source>
        <translation>Edit household {name}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="217" />
        <source>Đã lưu hộ {name}</source>
        <translation>Saved household {name}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="233" />
        <source>Bỏ hộ mới đang nhập (chưa lưu)?</source>
        <translation>Discard the new household you are entering (not saved)?</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/household.py" line="234" />
        <source>Bỏ các thay đổi chưa lưu của hộ {code}?</source>
        <translation>Discard the unsaved changes to household {code}?</translation>
    </message>
</context>
<context>
    <name>Households</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/household_model.py" line="32" />
        <source>Mã hộ</source>
        <translation>Household code</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/household_model.py" line="33" />
        <source>Chủ hộ</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/household_model.py" line="34" />
        <source>Thôn</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/household_model.py" line="35" />
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/household_model.py" line="36" />
        <source>Số người</source>
        <translation>People</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/household_model.py" line="37" />
        <source>Gia đình số</source>
        <translation>Digital family</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/household_model.py" line="38" />
        <source>Cần hỗ trợ</source>
        <translation>Need help</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/household_model.py" line="111" />
        <source>✔ Đạt</source>
        <translation>✔ Yes</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/household_model.py" line="112" />
        <source>✘ Chưa</source>
        <translation>✘ Not yet</translation>
    </message>
</context>
<context>
    <name>HouseholdsView</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/households.py" line="44" />
        <source>Tìm theo tên người hoặc mã hộ, gõ không dấu cũng được…</source>
        <translation>Search by a person's name or household code, accents optional…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/households.py" line="60" />
        <source>Thêm hộ mới</source>
        <translation>New household</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/households.py" line="61" />
        <source>Đăng ký hộ và các thành viên (Ctrl+N)</source>
        <translation>Register a household and its members (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/households.py" line="63" />
        <source>Ghi thăm hộ</source>
        <translation>Record visit</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/households.py" line="64" />
        <source>Ghi lần thăm hộ đang chọn (Ctrl+R)</source>
        <translation>Record a visit to the selected household (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/households.py" line="97" />
        <source>Tất cả các thôn</source>
        <translation>All villages</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/households.py" line="120" />
        <source>{n} hộ</source>
        <translation>{n} households</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/households.py" line="155" />
        <source>Xoá hộ</source>
        <translation>Delete household</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/households.py" line="156" />
        <source>Xoá hộ {name} và các thành viên? Có thể hoàn tác (Ctrl+Z).</source>
        <translation>Delete household {name} and its members? You can undo it (Ctrl+Z).</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/households.py" line="158" />
        <source>Xoá hộ {name}</source>
        <translation>Delete household {name}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/households.py" line="159" />
        <source>Đã xoá hộ {name}</source>
        <translation>Deleted household {name}</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="72" />
        <source>Nhập danh sách hộ, nhân khẩu từ bảng tính</source>
        <translation>Import households and people from a spreadsheet</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="81" />
        <source>Nhập vào cơ sở dữ liệu</source>
        <translation>Import into the database</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="80" />
        <source>Chọn tệp…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="75" />
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="367" />
        <source>Chọn tệp bảng tính (.xlsx, .xls, .ods, .csv…) rồi bấm Xem trước.</source>
        <translation>Choose a spreadsheet (.xlsx, .xls, .ods, .csv…), then Preview.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="80" />
        <source>Xem trước</source>
        <translation>Preview</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="83" />
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="83" />
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="110" />
        <source>(theo cột Thôn trong tệp)</source>
        <translation>(from the file's village column)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="114" />
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="114" />
        <source>Trang tính</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="115" />
        <source>Thôn mặc định</source>
        <translation>Default village</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="178" />
        <source>Đang chạy: bấm Huỷ để dừng, hoặc chờ xong rồi đóng.</source>
        <translation>Running: press Cancel to stop it, or wait until it is done, then close.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="179" />
        <source>Đóng cửa sổ nhập (Esc)</source>
        <translation>Close the import window (Esc)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="182" />
        <source>Dừng việc đang chạy; dữ liệu không thay đổi.</source>
        <translation>Stop what is running; the data stay unchanged.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="183" />
        <source>Đang đọc tệp, việc này không dừng được; chờ một chút.</source>
        <translation>Reading the file; this cannot be stopped, wait a moment.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="184" />
        <source>Không có việc đang chạy để huỷ.</source>
        <translation>Nothing is running to cancel.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="195" />
        <source>Đang huỷ…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="208" />
        <source>Chọn bảng tính</source>
        <translation>Choose a spreadsheet</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="209" />
        <source>Bảng tính (Excel, LibreOffice, CSV) ({patterns})</source>
        <translation>Spreadsheets (Excel, LibreOffice, CSV) ({patterns})</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="227" />
        <source>(mọi trang tính)</source>
        <translation>(every sheet)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="266" />
        <source>Tệp đã đổi: bấm Xem trước để đọc tệp này.</source>
        <translation>The file changed: press Preview to read this file.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="282" />
        <source>Không đọc được tệp {file}: {why}</source>
        <translation>Could not read {file}: {why}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="312" />
        <source>Đang tính lại theo lựa chọn của bạn…</source>
        <translation>Counting again with your choices…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="343" />
        <source>Đang nhập… (bấm Huỷ để dừng: không có gì được ghi)</source>
        <translation>Importing… (press Cancel to stop: nothing is written)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="430" />
        <source>tạo {hc} hộ, cập nhật {hu} hộ; tạo {pc} người, cập nhật {pu} người, {pn} người không đổi</source>
        <translation>create {hc:household|households}, update {hu:household|households}; create {pc:person|people}, update {pu:person|people}, {pn:person|people} unchanged</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="433" />
        <source>; {left} dòng không nhập</source>
        <translation>; {left:row|rows} left out</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="473" />
        <source> ({n} dòng của thôn chọn «không nhập»)</source>
        <translation> ({n:row|rows} of villages set to “not imported”)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="458" />
        <source>{verb} {counts}. Bảng mã: {enc}.</source>
        <translation>{verb} {counts}. Encoding: {enc}.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="338" />
        <source>Đang đọc tệp…</source>
        <translation>Reading the file…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="341" />
        <source>Đã nhập danh sách từ {file}</source>
        <translation>Imported the list from {file}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="352" />
        <source>Đã huỷ; dữ liệu không thay đổi.</source>
        <translation>Cancelled; the data did not change.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="353" />
        <source>Đã huỷ, không có gì được ghi.</source>
        <translation>Cancelled, nothing was written.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="383" />
        <source>Nhập các dòng không lỗi</source>
        <translation>Import the clean rows</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="384" />
        <source>Nhập {households} hộ, {people} người ({counts})?

Không nhập: {left}.</source>
        <translation>Import {households:household|households}, {people:person|people} ({counts})?

Left out: {left}.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="397" />
        <source>{n} dòng của {k} hộ có vấn đề hoặc chưa được xác nhận (xem thẻ Vấn đề)</source>
        <translation>{n:row|rows} of {k:household|households} with a problem or not yet confirmed (see the Problems tab)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="402" />
        <source>trang tính “{sheet}”: {why}</source>
        <translation>sheet “{sheet}”: {why}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="404" />
        <source>{n} người của thôn chọn “(không nhập)”</source>
        <translation>{n:person|people} of villages set to “(do not import)”</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="406" />
        <source>{n} dòng mẫu (mã hộ MAU-…)</source>
        <translation>{n:example row|example rows} (household code MAU-…)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="408" />
        <source>bỏ qua trang tính không có danh sách người: {names}</source>
        <translation>sheets without a list of people skipped: {names}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="410" />
        <source>không dòng nào</source>
        <translation>no row</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="417" />
        <source>Lưu danh sách lỗi</source>
        <translation>Save the problems</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="423" />
        <source>Đã lưu danh sách lỗi: {path}</source>
        <translation>Problems saved: {path}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="441" />
        <source>Cột {col}: {enc}</source>
        <translation>Column {col}: {enc}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="444" />
        <source>Trang {sheet}: </source>
        <translation>Sheet {sheet}: </translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="445" />
        <source>; các cột khác: Unicode</source>
        <translation>; other columns: Unicode</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="447" />
        <source>các trang khác: Unicode</source>
        <translation>other sheets: Unicode</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="450" />
        <source> (tệp văn bản {enc})</source>
        <translation> (text file in {enc})</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="457" />
        <source>Sẽ</source>
        <translation>Will</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_dialog.py" line="457" />
        <source>Đã</source>
        <translation>Did</translation>
    </message>
</context>
<context>
    <name>ImportPeople</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_people.py" line="84" />
        <source>Mới</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_people.py" line="85" />
        <source>Cập nhật</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_people.py" line="86" />
        <source>Không đổi</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_people.py" line="87" />
        <source>Không nhập (xem Vấn đề)</source>
        <translation>Left out (see Problems)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_people.py" line="108" />
        <source>Hộ</source>
        <translation>Household</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_people.py" line="109" />
        <source>Trang tính</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_people.py" line="110" />
        <source>Dòng</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_people.py" line="111" />
        <source>Thôn</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_people.py" line="112" />
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_people.py" line="113" />
        <source>Ngày/năm sinh</source>
        <translation>Birth date/year</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_people.py" line="114" />
        <source>Giới tính</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_people.py" line="115" />
        <source>Quan hệ với chủ hộ</source>
        <translation>Relation to head</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_people.py" line="116" />
        <source>Số CCCD</source>
        <translation>ID number (CCCD)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_people.py" line="117" />
        <source>Khi nhập</source>
        <translation>On import</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_people.py" line="118" />
        <source>So với đã ghi (cập nhật, giữ)</source>
        <translation>Against the record (updated, kept)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_people.py" line="209" />
        <source> ★ chủ hộ</source>
        <translation> ★ head</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_people.py" line="223" />
        <source>Khác</source>
        <translation>Other</translation>
    </message>
</context>
<context>
    <name>LessonDialog</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="38" />
        <source>Bài học</source>
        <translation>Lessons</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="49" />
        <source>Mã bài</source>
        <translation>Lesson code</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="50" />
        <source>Tên bài</source>
        <translation>Lesson title</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="51" />
        <source>Mô tả</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="52" />
        <source>Lĩnh vực kỹ năng</source>
        <translation>Skill area</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="53" />
        <source>Nhóm đối tượng (ND, CB, LD, HS)</source>
        <translation>Target groups (ND, CB, LD, HS)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="54" />
        <source>Thành phần khung năng lực</source>
        <translation>Framework components</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="55" />
        <source>Thời lượng (phút)</source>
        <translation>Duration (minutes)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="71" />
        <source>Thêm bài học {code}</source>
        <translation>Add lesson {code}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="73" />
        <source>Đã thêm bài học {code}</source>
        <translation>Added lesson {code}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="76" />
        <source>Sửa bài học {code}</source>
        <translation>Edit lesson {code}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="78" />
        <source>Đã lưu bài học {code}</source>
        <translation>Saved lesson {code}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="93" />
        <source>Bỏ bài học mới đang nhập (chưa lưu)?</source>
        <translation>Discard the new lesson you are entering (not saved)?</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="94" />
        <source>Bỏ các thay đổi chưa lưu của bài {code}?</source>
        <translation>Discard the unsaved changes to lesson {code}?</translation>
    </message>
</context>
<context>
    <name>LessonsView</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="107" />
        <source>Mã</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="107" />
        <source>Tên bài</source>
        <translation>Lesson title</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="107" />
        <source>Nhóm</source>
        <translation>Groups</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="108" />
        <source>Khung năng lực</source>
        <translation>Framework</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="108" />
        <source>Phút</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="108" />
        <source>Số người đã học</source>
        <translation>People who completed it</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="113" />
        <source>Thêm bài học</source>
        <translation>Add lesson</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="113" />
        <source>Sửa bài đang chọn</source>
        <translation>Edit selected lesson</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="114" />
        <source>Xoá bài đang chọn</source>
        <translation>Delete the selected lesson</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="173" />
        <source>Bài này được dùng trong chỉ tiêu {names}: vẫn xoá?</source>
        <translation>This lesson is used by the indicators {names}: delete it anyway?</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="174" />
        <source>Xoá bài {code}?</source>
        <translation>Delete lesson {code}?</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="175" />
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="178" />
        <source>Xoá bài học {code}</source>
        <translation>Delete lesson {code}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/lessons.py" line="180" />
        <source>Đã xoá bài học {code}</source>
        <translation>Lesson {code} deleted</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="83" />
        <source>Hộ gia đình</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="84" />
        <source>Tổng quan</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="85" />
        <source>Cần thăm lại</source>
        <translation>Visits due</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="86" />
        <source>Bài học</source>
        <translation>Lessons</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="87" />
        <source>Lớp học, sự kiện</source>
        <translation>Classes, events</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="88" />
        <source>Báo cáo</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="89" />
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="124" />
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="125" />
        <source>&amp;Sửa</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="126" />
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="164" />
        <source>Hoàn tác</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="131" />
        <source>Hộ mới…</source>
        <translation>New household…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="132" />
        <source>Ghi thăm hộ…</source>
        <translation>Record visit…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="133" />
        <source>Tìm hộ</source>
        <translation>Find household</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="140" />
        <source>Sao lưu…</source>
        <translation>Back up…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="310" />
        <source>Đang chờ việc đang chạy xong rồi đóng…</source>
        <translation>Waiting for the running work to finish, then closing…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="323" />
        <source>Thay đổi chưa lưu</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="324" />
        <source>Có thay đổi chưa lưu ở {where}. Lưu trước khi thoát?</source>
        <translation>There are unsaved changes in {where}. Save them before quitting?</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="374" />
        <source>Đang chờ việc đang chạy (lưu, nhập, đồng bộ…) xong rồi đóng cửa sổ. Xin đừng tắt máy.</source>
        <translation>Waiting for the running work (saving, importing, syncing…) to finish before closing the window. Please do not switch the computer off.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="376" />
        <source>Đang đóng…</source>
        <translation>Closing…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="139" />
        <source>Nhập danh sách từ bảng tính…</source>
        <translation>Import a list from a spreadsheet…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="140" />
        <source>Khôi phục từ bản sao lưu…</source>
        <translation>Restore from a backup…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="144" />
        <source>Đồng bộ ngay</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="149" />
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="156" />
        <source>Dữ liệu: {path}</source>
        <translation>Data: {path}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/mainwindow.py" line="164" />
        <source>Hoàn tác: {what}</source>
        <translation>Undo: {what}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/backup_ui.py" line="31" />
        <source>Sao lưu dữ liệu</source>
        <translation>Back up the data</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/backup_ui.py" line="38" />
        <source>Sao lưu</source>
        <translation>Backup</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/backup_ui.py" line="39" />
        <source>Đã sao lưu vào {path}</source>
        <translation>Backed up to {path}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/backup_ui.py" line="42" />
        <source>Đang sao lưu…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/backup_ui.py" line="61" />
        <source>Không sao lưu tự động được; hãy sao lưu bằng tay (Tệp → Sao lưu…).</source>
        <translation>The automatic backup failed; please back up by hand (File → Back up…).</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/backup_ui.py" line="72" />
        <source>Bản sao lưu của {name} ({pattern})</source>
        <translation>Backups of {name} ({pattern})</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/backup_ui.py" line="74" />
        <source>Cơ sở dữ liệu SQLite (*.sqlite3)</source>
        <translation>SQLite databases (*.sqlite3)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/backup_ui.py" line="75" />
        <source>Mọi tệp (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/backup_ui.py" line="89" />
        <source>Đang chép và kiểm tra bản sao lưu…</source>
        <translation>Copying and checking the backup…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/backup_ui.py" line="114" />
        <source>Đang khôi phục…</source>
        <translation>Restoring…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/backup_ui.py" line="56" />
        <source>Đã sao lưu tự động: {name}</source>
        <translation>Automatic backup saved: {name}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/backup_ui.py" line="76" />
        <source>Chọn bản sao lưu</source>
        <translation>Choose a backup</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/backup_ui.py" line="102" />
        <source>Khôi phục</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/backup_ui.py" line="97" />
        <source>Thay dữ liệu hiện tại bằng bản sao lưu của xã {name} ({n} hộ)? Dữ liệu hiện tại được giữ lại bên cạnh để có thể quay lại.</source>
        <translation>Replace the current data with the backup of commune {name} ({n} households)? The current data is kept beside it so you can go back.</translation>
    </message>
</context>
<context>
    <name>Members</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/members_table.py" line="42" />
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/members_table.py" line="43" />
        <source>Năm sinh</source>
        <translation>Birth year</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/members_table.py" line="44" />
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/members_table.py" line="45" />
        <source>Giới tính</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/members_table.py" line="46" />
        <source>Quan hệ với chủ hộ</source>
        <translation>Relation to head</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/members_table.py" line="47" />
        <source>Số CCCD</source>
        <translation>ID number (CCCD)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/members_table.py" line="48" />
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/members_table.py" line="49" />
        <source>Cư trú</source>
        <translation>Residence</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/members_table.py" line="50" />
        <source>CBCCVC</source>
        <translation>Public staff</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/members_table.py" line="51" />
        <source>Học sinh</source>
        <translation>Pupil</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/members_table.py" line="52" />
        <source>LĐ doanh nghiệp</source>
        <translation>Enterprise worker</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/members_table.py" line="53" />
        <source>Tiểu thương</source>
        <translation>Small trader</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/members_table.py" line="54" />
        <source>ĐT thông minh</source>
        <translation>Smartphone</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/members_table.py" line="55" />
        <source>VNeID mức</source>
        <translation>VNeID level</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/members_table.py" line="56" />
        <source>TK ngân hàng số</source>
        <translation>Digital bank account</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/widgets/members_table.py" line="57" />
        <source>Dùng DVC trực tuyến</source>
        <translation>Uses online services</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/operations.py" line="178" />
        <source>Đã hoàn tác: {what}</source>
        <translation>Undone: {what}</translation>
    </message>
</context>
<context>
    <name>PreviewTabs</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="77" />
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="80" />
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="82" />
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="85" />
        <source>Trang tính</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="77" />
        <source>Số hộ</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="77" />
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="81" />
        <source>Số người</source>
        <translation>People</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="77" />
        <source>Chuyển mã</source>
        <translation>Converted</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="78" />
        <source>Lưu ý</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="80" />
        <source>Cột không dùng (chọn ở bảng cột để dùng)</source>
        <translation>Column not used (choose it in the columns table to use it)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="81" />
        <source>Thôn trong tệp</source>
        <translation>Village in the file</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="81" />
        <source>Nhập vào thôn</source>
        <translation>Import into village</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="82" />
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="85" />
        <source>Dòng</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="82" />
        <source>Trong tệp</source>
        <translation>In the file</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="82" />
        <source>Là người đã có?</source>
        <translation>A recorded person?</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="83" />
        <source>Khác nhau (đã có → trong tệp)</source>
        <translation>What differs (recorded → in the file)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="85" />
        <source>Cột</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="85" />
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="107" />
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="187" />
        <source>Vấn đề</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="86" />
        <source>Lưu danh sách lỗi…</source>
        <translation>Save the problems…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="103" />
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="186" />
        <source>Đã tìm thấy</source>
        <translation>Found</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="104" />
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="186" />
        <source>Thôn cần xác nhận</source>
        <translation>Villages to confirm</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="105" />
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="186" />
        <source>Có thể trùng</source>
        <translation>Likely matches</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="106" />
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="187" />
        <source>Cột không dùng</source>
        <translation>Unused columns</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="115" />
        <source>(chưa chọn: ngày đọc được hai cách không được nhập)</source>
        <translation>(not chosen: dates that read both ways are not imported)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="116" />
        <source>Ngày/tháng/năm</source>
        <translation>Day/month/year</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="117" />
        <source>Tháng/ngày/năm</source>
        <translation>Month/day/year</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="137" />
        <source>Thứ tự ngày của cột {columns} (không ngày nào &gt; 12 để biết):</source>
        <translation>Day/month order of the column {columns} (no day above 12 tells which):</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="144" />
        <source>cột {col}: {enc} → Unicode</source>
        <translation>column {col}: {enc} → Unicode</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="149" />
        <source>Bỏ qua các trang: {names}</source>
        <translation>Sheets skipped: {names}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="162" />
        <source>Đã tìm thấy ({n} người)</source>
        <translation>Found ({n:person|people})</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="163" />
        <source>Vấn đề ({n})</source>
        <translation>Problems ({n})</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="164" />
        <source>Thôn cần xác nhận ({n})</source>
        <translation>Villages to confirm ({n})</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="165" />
        <source>Có thể trùng ({n})</source>
        <translation>Likely matches ({n})</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="206" />
        <source>(không ghi thôn)</source>
        <translation>(no village given)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="211" />
        <source>(không nhập)</source>
        <translation>(do not import)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="227" />
        <source> — thành viên; chủ hộ {head} là hộ mới thì người này cũng mới</source>
        <translation> — a member; if the head {head} is a new household, so is this person</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="232" />
        <source>(chưa chọn: không nhập hộ này)</source>
        <translation>(not chosen: this household is left out)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="233" />
        <source>Không, đây là hộ mới</source>
        <translation>No, a new household</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="233" />
        <source>Không, đây là người mới trong hộ</source>
        <translation>No, a new member of the household</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="236" />
        <source>Có: {name} {year}, hộ {code}</source>
        <translation>Yes: {name} {year}, household {code}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/import_preview.py" line="255" />
        <source>không khác gì</source>
        <translation>no difference</translation>
    </message>
</context>
<context>
    <name>RegisterPanel</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_register.py" line="44" />
        <source>Sổ báo cáo đã phát hành</source>
        <translation>Register of issued reports</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_register.py" line="50" />
        <source>Số</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_register.py" line="50" />
        <source>Ngày</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_register.py" line="50" />
        <source>Báo cáo</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_register.py" line="50" />
        <source>Thôn</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_register.py" line="51" />
        <source>Người ký</source>
        <translation>Signer</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_register.py" line="59" />
        <source>Phát hành…</source>
        <translation>Issue…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_register.py" line="60" />
        <source>In lại…</source>
        <translation>Reprint…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_register.py" line="82" />
        <source>Máy văn phòng xã: “Phát hành…” cấp số tiếp theo của năm cho báo cáo đang chọn.</source>
        <translation>The commune office's computer: “Issue…” gives the chosen report the year's next number.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_register.py" line="84" />
        <source>Máy này không phải máy văn phòng xã: báo cáo xuất ra là bản nháp; chỉ máy văn phòng xã phát hành và cấp số.</source>
        <translation>This computer is not the commune office's: reports it exports are drafts; only the office's computer issues and numbers them.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_register.py" line="90" />
        <source>Toàn xã</source>
        <translation>Whole commune</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_register.py" line="97" />
        <source>Chỉ máy văn phòng xã phát hành báo cáo.</source>
        <translation>Only the commune office's computer issues reports.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_register.py" line="106" />
        <source>Bảng tính Excel (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_register.py" line="106" />
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_register.py" line="114" />
        <source>Ghi đè tệp?</source>
        <translation>Replace the file?</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_register.py" line="115" />
        <source>Tệp {name} đã có trong thư mục {folder}.
Ghi đè tệp này bằng báo cáo mới?</source>
        <translation>The file {name} already exists in the folder {folder}.
Replace it with the new report?</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_register.py" line="124" />
        <source>Phát hành báo cáo</source>
        <translation>Issue the report</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_register.py" line="125" />
        <source>Phát hành “{kind}” với số tiếp theo của năm? Số đã cấp không thu hồi được; báo cáo được lưu vào sổ để in lại đúng như khi phát hành.</source>
        <translation>Issue “{kind}” with the year's next number? A number given is never taken back; the report is kept in the register to be reprinted exactly as issued.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_register.py" line="129" />
        <source>Lưu báo cáo phát hành</source>
        <translation>Save the issued report</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_register.py" line="142" />
        <source>Lưu bản sao báo cáo</source>
        <translation>Save a copy of the report</translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="69" />
        <source>Kết quả thực hiện chỉ tiêu</source>
        <translation>Results against the targets</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="70" />
        <source>Danh sách hộ cần hỗ trợ (đi từng nhà)</source>
        <translation>Households needing help (door-to-door list)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="71" />
        <source>Nhật ký thăm hộ</source>
        <translation>Visit log</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="71" />
        <source>Danh sách người học</source>
        <translation>Learners</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="131" />
        <source>Báo cáo</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="132" />
        <source>Năm</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="134" />
        <source>Thôn</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="137" />
        <source>đến</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="139" />
        <source>Từ ngày</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="143" />
        <source>Định dạng</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="105" />
        <source>Xem trước</source>
        <translation>Preview</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="106" />
        <source>Xuất báo cáo…</source>
        <translation>Export report…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="148" />
        <source>Thông tin ký báo cáo</source>
        <translation>Report signature</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="150" />
        <source>Thẩm quyền ký (vd: KT. CHỦ TỊCH)</source>
        <translation>Signing authority (e.g. KT. CHỦ TỊCH)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="150" />
        <source>Chức vụ (vd: PHÓ CHỦ TỊCH)</source>
        <translation>Title (e.g. PHÓ CHỦ TỊCH)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="151" />
        <source>Người ký</source>
        <translation>Signer</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="153" />
        <source>Số báo cáo</source>
        <translation>Report number</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="154" />
        <source>Nơi nhận (mỗi dòng một nơi)</source>
        <translation>Recipients (one per line)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="108" />
        <source>Lưu thông tin ký</source>
        <translation>Save signature details</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="72" />
        <source>Báo cáo theo kỳ (tháng, quý, 6 tháng, năm)</source>
        <translation>Period report (month, quarter, half year, year)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="73" />
        <source>Lớp học, sự kiện</source>
        <translation>Classes, events</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="76" />
        <source>Cả năm</source>
        <translation>Whole year</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="76" />
        <source>6 tháng đầu năm</source>
        <translation>First half of the year</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="77" />
        <source>6 tháng cuối năm</source>
        <translation>Second half of the year</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="78" />
        <source>Quý {n}</source>
        <translation>Quarter {n}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="79" />
        <source>Tháng {n}</source>
        <translation>Month {n}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="107" />
        <source>Điền biểu mẫu của tỉnh…</source>
        <translation>Fill the province's form…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="133" />
        <source>Kỳ báo cáo</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="140" />
        <source>Số liệu tính đến ngày</source>
        <translation>Figures as of</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="180" />
        <source>Toàn xã</source>
        <translation>Whole commune</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="193" />
        <source>{number} (sẽ cấp khi phát hành)</source>
        <translation>{number} (given when issued)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="194" />
        <source>chỉ máy văn phòng xã cấp số; bản xuất ở máy này là bản nháp</source>
        <translation>only the office computer gives numbers; reports exported here are drafts</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="262" />
        <source>Đã lưu.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="305" />
        <source>Đang cập nhật bản xem trước cho lựa chọn mới…</source>
        <translation>Updating the preview for the new choice…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="310" />
        <source>Đang chuẩn bị xem trước…</source>
        <translation>Preparing the preview…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="329" />
        <source>Bản xem trước chưa được cập nhật cho lựa chọn này; bấm “Xem trước”.</source>
        <translation>The preview is not up to date for this choice; press “Preview”.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="346" />
        <source>{title}: {n} dòng trong {t} bảng. Xem trước bảng đầu tiên:</source>
        <translation>{title}: {n} rows in {t} tables. Preview of the first table:</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_template_ui.py" line="24" />
        <source>Chọn biểu mẫu của tỉnh</source>
        <translation>Choose the province's form</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_template_ui.py" line="29" />
        <source>Lưu biểu đã điền</source>
        <translation>Save the filled form</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_template_ui.py" line="38" />
        <source>Không thực hiện được</source>
        <translation>Could not be done</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_template_ui.py" line="39" />
        <source>Hãy lưu biểu đã điền vào một tệp khác, để giữ nguyên biểu mẫu.</source>
        <translation>Save the filled form to another file, so the template stays as it is.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_template_ui.py" line="41" />
        <source>Tệp {name} đã có. Ghi đè?</source>
        <translation>The file {name} already exists. Replace it?</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_template_ui.py" line="42" />
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="393" />
        <source>Ghi đè tệp?</source>
        <translation>Replace the file?</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_template_ui.py" line="48" />
        <source>Đang điền biểu mẫu…</source>
        <translation>Filling the form…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="394" />
        <source>Tệp {name} đã có trong thư mục {folder}.
Ghi đè tệp này bằng báo cáo mới?</source>
        <translation>The file {name} already exists in the folder {folder}.
Replace it with the new report?</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="411" />
        <source>Đuôi tệp khác định dạng đã chọn</source>
        <translation>The file extension is not the chosen format</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="412" />
        <source>Đã chọn {fmt} nhưng tên tệp có đuôi .{typed}. Xuất {fmt} vào {name}?</source>
        <translation>{fmt} is chosen but the file name ends in .{typed}. Export {fmt} to {name}?</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/report_template_ui.py" line="23" />
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="420" />
        <source>Bảng tính Excel (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="420" />
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="421" />
        <source>Tài liệu Word (*.docx)</source>
        <translation>Word document (*.docx)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="424" />
        <source>Lưu báo cáo</source>
        <translation>Save report</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="399" />
        <source>Đang xuất báo cáo…</source>
        <translation>Exporting the report…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="348" />
        <source>{title}: {n} dòng trong {t} bảng; số liệu tính đến ngày {date}. Xem trước bảng đầu tiên:</source>
        <translation>{title}: {n} rows in {t} tables; figures as of {date}. Preview of the first table:</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="439" />
        <source>Đã xuất báo cáo</source>
        <translation>Report exported</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="440" />
        <source>Đã lưu báo cáo vào:
{path}</source>
        <translation>The report was saved to:
{path}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="442" />
        <source>Mở tệp</source>
        <translation>Open file</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="443" />
        <source>Mở thư mục</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/reports.py" line="444" />
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="54" />
        <source>Xã và máy này</source>
        <translation>Commune and this computer</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="55" />
        <source>Thôn / Tổ dân phố</source>
        <translation>Villages</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="56" />
        <source>Tổ Công nghệ số</source>
        <translation>Digital team</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="58" />
        <source>Chỉ tiêu và quy tắc</source>
        <translation>Targets and rules</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="59" />
        <source>Giao diện</source>
        <translation>Interface</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="63" />
        <source>Đồng bộ</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="82" />
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="85" />
        <source>Tên xã</source>
        <translation>Commune name</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="86" />
        <source>Tỉnh</source>
        <translation>Province</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="87" />
        <source>Cơ quan chủ quản (dòng đầu báo cáo)</source>
        <translation>Governing body (first line of reports)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="88" />
        <source>Tên máy này (dùng khi đồng bộ)</source>
        <translation>This computer's name (used for sync)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="89" />
        <source>Người dùng máy này</source>
        <translation>User of this computer</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="134" />
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="149" />
        <source>Thêm thôn</source>
        <translation>Add village</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="134" />
        <source>Đổi tên</source>
        <translation>Rename</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="135" />
        <source>Gộp vào thôn khác</source>
        <translation>Merge into another village</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="149" />
        <source>Tên thôn / tổ dân phố:</source>
        <translation>Village name:</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="157" />
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="161" />
        <source>Đổi tên thôn</source>
        <translation>Rename village</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="157" />
        <source>Tên mới:</source>
        <translation>New name:</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="170" />
        <source>Gộp thôn</source>
        <translation>Merge villages</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="170" />
        <source>Gộp {v} vào:</source>
        <translation>Merge {v} into:</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="217" />
        <source>Lưu thành viên</source>
        <translation>Save member</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="217" />
        <source>Thêm thành viên mới</source>
        <translation>Add new member</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="221" />
        <source>Họ tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="222" />
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="223" />
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="224" />
        <source>Phụ trách thôn</source>
        <translation>Villages covered</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="241" />
        <source>Bỏ các thay đổi chưa lưu?</source>
        <translation>Discard unsaved changes?</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="242" />
        <source>Thông tin thành viên vừa sửa chưa được lưu. Bỏ các thay đổi đó?</source>
        <translation>The member's details you just edited are not saved. Drop those changes?</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="342" />
        <source>Chữ to (dễ đọc cho người lớn tuổi)</source>
        <translation>Larger text (easier for older eyes)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="344" />
        <source>Áp dụng</source>
        <translation>Apply</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="347" />
        <source>Ngôn ngữ / Language</source>
        <translation>Ngôn ngữ / Language</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="373" />
        <source>Thay đổi chưa lưu</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings.py" line="374" />
        <source>Có thay đổi chưa lưu ở {where}. Lưu trước khi áp dụng?</source>
        <translation>There are unsaved changes in {where}. Save them before applying?</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_ui.py" line="174" />
        <location filename="../../src/binhdan_desktop/ui/sync_ui.py" line="246" />
        <source>Chưa đồng bộ: máy chưa tham gia tổ (Cài đặt → Đồng bộ)</source>
        <translation>Not syncing: this computer has not joined the team (Settings → Sync)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_ui.py" line="176" />
        <source>chưa lần nào</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_ui.py" line="177" />
        <source>Đồng bộ lần cuối: {last} · {n} thay đổi chờ gửi</source>
        <translation>Last sync: {last} · {n} changes waiting to go out</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_ui.py" line="180" />
        <source> · {n} xung đột cần xem</source>
        <translation> · {n} conflicts to review</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_ui.py" line="232" />
        <source>Đang đồng bộ: {stage}</source>
        <translation>Syncing: {stage}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_ui.py" line="238" />
        <source>Đồng bộ bị lỗi không mong đợi — hãy thử lại (F5)</source>
        <translation>Sync failed unexpectedly — try again (F5)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_ui.py" line="239" />
        <source>Đồng bộ dừng giữa chừng vì một lỗi không mong đợi; dữ liệu trên máy này không bị ảnh hưởng. Hãy thử lại (F5).</source>
        <translation>The sync stopped halfway through an unexpected error; the data on this computer is not affected. Try again (F5).</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_ui.py" line="242" />
        <source>Nơi đồng bộ không trả lời — thử lại sau (F5)</source>
        <translation>The sync place does not answer — try again later (F5)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_ui.py" line="244" />
        <source>Không kết nối được nơi đồng bộ — kiểm tra mạng rồi thử lại (F5)</source>
        <translation>Cannot reach the sync place — check the network and try again (F5)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_ui.py" line="248" />
        <source>Nơi đồng bộ cần mật khẩu đúng — nhập ở Cài đặt → Đồng bộ rồi thử lại (F5)</source>
        <translation>The sync place needs the right password — type it in Settings → Sync and try again (F5)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_ui.py" line="270" />
        <source>Nơi đồng bộ {place} chưa nhận mật khẩu của tài khoản {user}. Mật khẩu:</source>
        <translation>The sync place {place} did not accept the password of the user {user}. Password:</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_ui.py" line="272" />
        <source>Nơi đồng bộ {place} cần mật khẩu của tài khoản {user}. Mật khẩu:</source>
        <translation>The sync place {place} needs the password of the user {user}. Password:</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_ui.py" line="273" />
        <source>Mật khẩu WebDAV</source>
        <translation>WebDAV password</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_ui.py" line="250" />
        <source>Chưa đồng bộ được: {msg}</source>
        <translation>Not synced yet: {msg}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_ui.py" line="167" />
        <source>Đang chờ văn phòng xã duyệt máy này vào tổ (mã máy {code}) — đồng bộ lại sau khi duyệt</source>
        <translation>Waiting for the commune office to approve this computer (code {code}) — sync again once approved</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_ui.py" line="170" />
        <source>Văn phòng xã đã duyệt máy này — đồng bộ (F5) để nhận dữ liệu của tổ</source>
        <translation>The commune office approved this computer — sync (F5) to take the team's data</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_ui.py" line="172" />
        <source>Văn phòng xã đã từ chối yêu cầu tham gia tổ của máy này — hãy hỏi văn phòng xã</source>
        <translation>The commune office turned down this computer's request to join — ask the office</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_ui.py" line="190" />
        <source> · {n} tệp cần xem: {name} — {reason}</source>
        <translation> · {n} files to look at: {name} — {reason}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_ui.py" line="205" />
        <source>Đang đồng bộ…</source>
        <translation>Syncing…</translation>
    </message>
</context>
<context>
    <name>SyncRun</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_run.py" line="48" />
        <source>kết nối nơi đồng bộ…</source>
        <translation>connecting to the sync place…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_run.py" line="55" />
        <source>trao đổi danh sách thành viên tổ…</source>
        <translation>exchanging the team's membership…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_run.py" line="76" />
        <source>nhận bản chụp cả xã của văn phòng…</source>
        <translation>receiving the office's snapshot of the commune…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_run.py" line="88" />
        <source>chuẩn bị các thay đổi của máy này…</source>
        <translation>preparing this computer's changes…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_run.py" line="94" />
        <source>nhận tệp…</source>
        <translation>receiving files…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_run.py" line="111" />
        <source>áp dụng tệp {n}/{total}…</source>
        <translation>applying file {n}/{total}…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_run.py" line="123" />
        <source>gửi tệp…</source>
        <translation>sending files…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/sync_run.py" line="133" />
        <source>ghi bản chụp cả xã cho máy mới…</source>
        <translation>writing a snapshot of the commune for new laptops…</translation>
    </message>
</context>
<context>
    <name>SyncSettings</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="55" />
        <source>chỉ cho WebDAV; được lưu trong kho khoá của máy</source>
        <translation>WebDAV only; kept in this computer's keyring</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="56" />
        <source>Thư mục (USB, thư mục chia sẻ, Syncthing) hoặc https://… (WebDAV)</source>
        <translation>A folder (USB, shared folder, Syncthing) or https://… (WebDAV)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="58" />
        <source>Hộ / người</source>
        <translation>Household / person</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="58" />
        <source>Thông tin</source>
        <translation>Information</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="59" />
        <source>Giá trị đang dùng</source>
        <translation>Value in use</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="59" />
        <source>Giá trị bị ghi đè</source>
        <translation>Overwritten value</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="64" />
        <source>Máy xin tham gia</source>
        <translation>Computer asking to join</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="64" />
        <source>Mã máy</source>
        <translation>Device code</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="64" />
        <source>Tình trạng</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="65" />
        <source>Lưu ý</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="71" />
        <source>Trùng</source>
        <translation>Duplicate</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="71" />
        <source>Các bản ghi (bản đầu được giữ)</source>
        <translation>The records (the first is kept)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="83" />
        <source>Xin tham gia lại</source>
        <translation>Ask to join again</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="86" />
        <source>Chọn thư mục…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="86" />
        <source>Lưu nơi đồng bộ</source>
        <translation>Save sync place</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="89" />
        <source>Đồng bộ ngay (F5)</source>
        <translation>Sync now (F5)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="91" />
        <source>Giữ giá trị đang dùng</source>
        <translation>Keep the value in use</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="91" />
        <source>Dùng giá trị bị ghi đè</source>
        <translation>Use the overwritten value</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="99" />
        <source>Tổ</source>
        <translation>Team</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="104" />
        <source>Nơi đồng bộ</source>
        <translation>Sync place</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="105" />
        <source>Tài khoản WebDAV</source>
        <translation>WebDAV user</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="106" />
        <source>Mật khẩu WebDAV</source>
        <translation>WebDAV password</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="111" />
        <source>Duyệt</source>
        <translation>Approve</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="111" />
        <source>Từ chối</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="114" />
        <source>Yêu cầu tham gia tổ (so mã máy với mã hiện trên máy đó trước khi duyệt):</source>
        <translation>Requests to join the team (compare the device code with the one that computer shows before approving):</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="121" />
        <source>Xung đột đồng bộ (hai máy sửa cùng một thông tin):</source>
        <translation>Sync conflicts (two computers changed the same information):</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="126" />
        <source>Trùng lặp sau đồng bộ (một người, một mã hộ được ghi trên hai máy):</source>
        <translation>Duplicates after sync (one person, one household code recorded on two laptops):</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="130" />
        <source>Gộp thành một người</source>
        <translation>Merge into one person</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="131" />
        <source>Đánh số lại hộ</source>
        <translation>Renumber the household</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="160" />
        <source>chờ duyệt</source>
        <translation>waiting</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="160" />
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="225" />
        <source>đã duyệt</source>
        <translation>approved</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="160" />
        <source>đã từ chối</source>
        <translation>rejected</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="161" />
        <source>đã thu hồi</source>
        <translation>revoked</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="207" />
        <source>Xã {name} – máy {device} (máy văn phòng; mã văn phòng {code})</source>
        <translation>{name} commune – computer {device} (the office; office code {code})</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="210" />
        <source>Xã {name} – máy {device}</source>
        <translation>Commune {name} – computer {device}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="212" />
        <source>Xã {name} – máy {device} – đang chờ văn phòng xã duyệt. Mã văn phòng {office} (phải khớp mã văn phòng đọc); mã máy này {code} (đọc cho văn phòng)</source>
        <translation>{name} commune – computer {device} – waiting for the office's approval. Office code {office} (must match the code the office reads out); this computer's code {code} (read it to the office)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="216" />
        <source>Văn phòng xã đã từ chối yêu cầu tham gia tổ của máy này</source>
        <translation>The commune office turned down this computer's request to join</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="218" />
        <source>Máy này đã bị văn phòng xã thu hồi quyền đồng bộ</source>
        <translation>The commune office revoked this computer's sync access</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="219" />
        <source>Máy này chưa tham gia tổ</source>
        <translation>This computer has not joined the team</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="224" />
        <source>TRÙNG TÊN với máy {id} ({state}) — duyệt thì đặt tên khác</source>
        <translation>SAME NAME as device {id} ({state}) — give it another name to approve</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="225" />
        <source>máy văn phòng</source>
        <translation>the office</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="228" />
        <source>đã bị từ chối trước đây, xin lại</source>
        <translation>rejected before, asking again</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="230" />
        <source>thay cho máy {id} (máy đó bị thu hồi khi duyệt)</source>
        <translation>replaces device {id} (revoked on approval)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="237" />
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="243" />
        <source>Duyệt máy {name}</source>
        <translation>Approve {name}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="238" />
        <source>Mã 6 số đang hiện trên máy {name}:</source>
        <translation>The 6-digit code {name} shows:</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="244" />
        <source>Trong tổ đã có máy tên này. Tên cho máy mới:</source>
        <translation>A device of the team already has this name. Name for the new one:</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="245" />
        <source>{name} (máy mới)</source>
        <translation>{name} (new)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="267" />
        <source>Đã duyệt; máy đó vào tổ sau lần đồng bộ tới</source>
        <translation>Approved; that computer joins the team after its next sync</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="268" />
        <source>Đã từ chối; máy đó được báo sau lần đồng bộ tới</source>
        <translation>Rejected; that computer is told after its next sync</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="276" />
        <source>Tệp mời của tổ</source>
        <translation>The team's invitation</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="290" />
        <source>Đã gửi lại yêu cầu tham gia; chờ văn phòng xã duyệt</source>
        <translation>Join request sent again; waiting for the commune office to approve</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="295" />
        <source>Lưu tệp mời của tổ</source>
        <translation>Save the team's invitation</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="180" />
        <source>Trùng CCCD</source>
        <translation>Same CCCD</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="80" />
        <source>Tham gia tổ bằng tệp mời…</source>
        <translation>Join the team with the invitation…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="81" />
        <source>Tạo tổ (máy văn phòng)…</source>
        <translation>Create the team (office computer)…</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="180" />
        <source>Trùng mã hộ</source>
        <translation>Same household code</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="200" />
        <source>Đã gộp thành một người</source>
        <translation>Merged into one person</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="200" />
        <source>Đã đánh số lại hộ</source>
        <translation>Household renumbered</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="308" />
        <source>Thư mục đồng bộ</source>
        <translation>Sync folder</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/sync_settings.py" line="342" />
        <source>Đã lưu nơi đồng bộ</source>
        <translation>Sync place saved</translation>
    </message>
</context>
<context>
    <name>TargetsTab</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings_targets.py" line="48" />
        <source>Chỉ tiêu</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings_targets.py" line="48" />
        <source>Mục tiêu (%)</source>
        <translation>Target (%)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings_targets.py" line="49" />
        <source>Bài phải học xong (mã, cách nhau dấu phẩy; để trống = bài bất kỳ)</source>
        <translation>Lessons to complete (codes, comma-separated; empty = any lesson)</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings_targets.py" line="53" />
        <source>Lưu chỉ tiêu và quy tắc</source>
        <translation>Save targets and rules</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings_targets.py" line="67" />
        <source>Bỏ các thay đổi chưa lưu?</source>
        <translation>Discard unsaved changes?</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings_targets.py" line="68" />
        <source>Các chỉ tiêu vừa sửa của năm {year} chưa được lưu. Bỏ chúng để xem năm khác?</source>
        <translation>The targets just edited for {year} are not saved. Drop them to see another year?</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings_targets.py" line="109" />
        <source>Chỉ tiêu này tính theo trạng thái của người dân (VNeID mức 2, tài khoản ngân hàng số), không theo bài học.</source>
        <translation>This indicator counts people's status (VNeID level 2, a digital bank account), not lessons.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/views/settings_targets.py" line="158" />
        <source>Đã lưu chỉ tiêu năm {year}</source>
        <translation>Saved the {year} targets</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/tasks.py" line="81" />
        <source>Không thực hiện được</source>
        <translation>Could not be done</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/tasks.py" line="86" />
        <source>Lỗi không mong đợi</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/tasks.py" line="84" />
        <source>Đã xảy ra lỗi không mong đợi ({name}). Dữ liệu đã lưu không bị ảnh hưởng.</source>
        <translation>An unexpected error occurred ({name}). Saved data is not affected.</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/tasks.py" line="151" />
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/visit.py" line="55" />
        <source>Ghi thăm hộ</source>
        <translation>Record visit</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/visit.py" line="58" />
        <source>Tìm hộ: tên người hoặc mã hộ, không cần dấu</source>
        <translation>Find a household: a person's name or the code, accents optional</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/visit.py" line="61" />
        <source>Chưa chọn hộ</source>
        <translation>No household chosen</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/visit.py" line="71" />
        <source>Hẹn thăm lại ngày</source>
        <translation>Follow-up visit on</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/visit.py" line="89" />
        <source>Hộ</source>
        <translation>Household</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/visit.py" line="92" />
        <source>Ngày thăm</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/visit.py" line="93" />
        <source>Người đi thăm</source>
        <translation>Visited by</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/visit.py" line="100" />
        <source>Đánh dấu người đã gặp và các bài mỗi người đã học xong (phím cách để đánh dấu):</source>
        <translation>Tick who was met and the lessons each person completed (Space ticks):</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/visit.py" line="103" />
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/visit.py" line="160" />
        <source>Hộ {code} – {head} – {village}</source>
        <translation>Household {code} – {head} – {village}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/visit.py" line="165" />
        <source>Có gặp</source>
        <translation>Met</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/visit.py" line="188" />
        <source>Đã học trước đây</source>
        <translation>Completed before</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/visit.py" line="230" />
        <source>Ghi thăm hộ {code}</source>
        <translation>Record visit to household {code}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/visit.py" line="232" />
        <source>Đã ghi lần thăm hộ {code}</source>
        <translation>Recorded the visit to household {code}</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/visit.py" line="245" />
        <source>Bỏ lần thăm hộ đang ghi (chưa lưu)?</source>
        <translation>Discard the visit you are recording (not saved)?</translation>
    </message>
    <message>
        <location filename="../../src/binhdan_desktop/ui/dialogs/visit.py" line="246" />
        <source>Bỏ lần thăm hộ {code} chưa lưu (những người, bài đã đánh dấu và ghi chú)?</source>
        <translation>Discard the unsaved visit to household {code} (the people and lessons ticked, the notes)?</translation>
    </message>
</context>
</TS>