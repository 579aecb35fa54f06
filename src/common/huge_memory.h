// Memory for large arrays straight from the kernel: zeroed, in whole pages, and from 2 MiB on
// aligned to 2 MiB and marked for transparent huge pages (the kernel ignores the mark where they
// are off). A query's per-person arrays of millions of entries fault in 512 times fewer pages
// this way than through malloc, whose large blocks are mapped 4 KiB page by page.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <type_traits>
#include <utility>

namespace growloop {

// `bytes` of zeroed memory, rounded up to whole pages; UnmapMemory takes the same `bytes`. Throws
// std::bad_alloc like operator new.
void* MapMemory(size_t bytes);
void UnmapMemory(void* p, size_t bytes);

// A fixed-size array of trivially copyable values in MapMemory memory, filled with `fill`.
template <typename T>
class HugeArray {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  HugeArray() = default;
  HugeArray(size_t n, T fill) : size_(n), bytes_(n * sizeof(T)) {
    if (n == 0) return;
    data_ = static_cast<T*>(MapMemory(bytes_));
    unsigned char raw[sizeof(T)];
    std::memcpy(raw, &fill, sizeof(T));
    if (std::any_of(raw, raw + sizeof(T), [](unsigned char b) { return b != 0; })) {
      std::fill(data_, data_ + n, fill);  // the mapping is zeroed already otherwise
    }
  }
  ~HugeArray() { UnmapMemory(data_, bytes_); }
  HugeArray(HugeArray&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)),
        size_(std::exchange(o.size_, 0)),
        bytes_(std::exchange(o.bytes_, 0)) {}
  HugeArray& operator=(HugeArray&& o) noexcept {
    if (this != &o) {
      UnmapMemory(data_, bytes_);
      data_ = std::exchange(o.data_, nullptr);
      size_ = std::exchange(o.size_, 0);
      bytes_ = std::exchange(o.bytes_, 0);
    }
    return *this;
  }
  HugeArray(const HugeArray&) = delete;
  HugeArray& operator=(const HugeArray&) = delete;

  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }

 private:
  T* data_ = nullptr;
  size_t size_ = 0;
  size_t bytes_ = 0;
};

}  // namespace growloop
