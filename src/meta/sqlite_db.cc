#include "meta/sqlite_db.h"

#include <sqlite3.h>

namespace growloop {

namespace {

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string m = "sqlite: ";
  m += what;
  m += ": ";
  m += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  int primary = rc & 0xff;
  if (primary == SQLITE_FULL) return NoSpace(std::move(m));
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) return Corruption(std::move(m));
  if (primary == SQLITE_CONSTRAINT) return AlreadyExists(std::move(m));
  return IoError(std::move(m));
}

}  // namespace

SqliteStatement::~SqliteStatement() {
  sqlite3_finalize(stmt_);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_) {
  other.stmt_ = nullptr;
}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

void SqliteStatement::BindInt(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
}

void SqliteStatement::BindText(int index, std::string_view value) {
  // A null pointer would bind SQL NULL; an empty view (whatever its pointer) is the empty text.
  const char* data = value.data() != nullptr ? value.data() : "";
  sqlite3_bind_text(stmt_, index, data, static_cast<int>(value.size()), SQLITE_TRANSIENT);
}

Status SqliteStatement::Step(bool* has_row) {
  int rc = sqlite3_step(stmt_);
  *has_row = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW || rc == SQLITE_DONE) return Status::Ok();
  return SqliteError(db_, rc, sqlite3_sql(stmt_));
}

Status SqliteStatement::Run() {
  bool has_row = true;
  while (has_row) RETURN_IF_ERROR(Step(&has_row));
  return Status::Ok();
}

void SqliteStatement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t SqliteStatement::ColumnInt(int index) const {
  return sqlite3_column_int64(stmt_, index);
}

std::string SqliteStatement::ColumnText(int index) const {
  const unsigned char* text = sqlite3_column_text(stmt_, index);
  int n = sqlite3_column_bytes(stmt_, index);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(n));
}

Status SqliteDb::Open(const std::string& path, std::unique_ptr<SqliteDb>* out) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Status s = SqliteError(db, rc, "open " + path);
    sqlite3_close(db);
    return s;
  }
  std::unique_ptr<SqliteDb> handle(new SqliteDb(db));
  sqlite3_busy_timeout(db, 5000);
  // WAL lets readers run beside the one writer; synchronous=FULL because a key or a project
  // that was reported as created must survive a power cut.
  RETURN_IF_ERROR(
      handle->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"));
  *out = std::move(handle);
  return Status::Ok();
}

SqliteDb::~SqliteDb() {
  sqlite3_close(db_);
}

Status SqliteDb::Exec(std::string_view sql) {
  std::string copy(sql);
  int rc = sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK) return Status::Ok();
  return SqliteError(db_, rc, copy.substr(0, 60));
}

Status SqliteDb::Prepare(std::string_view sql, SqliteStatement* out) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, "prepare");
  *out = SqliteStatement(db_, stmt);
  return Status::Ok();
}

}  // namespace growloop
