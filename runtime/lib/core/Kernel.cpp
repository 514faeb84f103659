//===- Kernel.cpp - kernel registry, context helpers, worker threads -------===//

#include "kiln/rt/Kernel.h"

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace kiln::rt {

const Attrs &noAttrs() {
  static const Attrs empty;
  return empty;
}

const Tensor &KernelContext::in(size_t i) const {
  if (!hasInput(i))
    fail("input #", i, " is required but absent");
  return *inputs[i];
}

Tensor &KernelContext::out(size_t i) {
  if (!hasOutput(i))
    fail("output #", i, " is required but absent");
  return *outputs[i];
}

KernelRegistry &KernelRegistry::instance() {
  static KernelRegistry registry;
  return registry;
}

void KernelRegistry::add(const std::string &op, KernelFn fn) {
  for (auto &entry : kernels_)
    if (entry.first == op) {
      entry.second = std::move(fn);
      return;
    }
  kernels_.emplace_back(op, std::move(fn));
}

const KernelFn *KernelRegistry::find(std::string_view op) const {
  for (const auto &entry : kernels_)
    if (entry.first == op)
      return &entry.second;
  return nullptr;
}

std::vector<std::string> KernelRegistry::names() const {
  std::vector<std::string> out;
  for (const auto &entry : kernels_)
    out.push_back(entry.first);
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

/// A fixed pool of workers; parallelFor hands out chunks through an atomic
/// counter and the caller works too.
class ThreadPool {
public:
  explicit ThreadPool(int n) {
    for (int i = 0; i + 1 < n; ++i)
      workers_.emplace_back([this] { loop(); });
  }
  ~ThreadPool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto &w : workers_)
      w.join();
  }
  int size() const { return static_cast<int>(workers_.size()) + 1; }

  void run(int64_t chunks, const std::function<void(int64_t)> &fn) {
    std::unique_lock<std::mutex> lock(mutex_);
    job_ = &fn;
    chunks_ = chunks;
    next_ = 0;
    pending_ = chunks;
    error_ = nullptr;
    ++generation_;
    lock.unlock();
    wake_.notify_all();
    work();
    lock.lock();
    done_.wait(lock, [this] { return pending_ == 0; });
    job_ = nullptr;
    if (error_)
      std::rethrow_exception(error_);
  }

private:
  void work() {
    for (;;) {
      int64_t chunk;
      const std::function<void(int64_t)> *fn;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!job_ || next_ >= chunks_)
          return;
        chunk = next_++;
        fn = job_;
      }
      try {
        (*fn)(chunk);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!error_)
          error_ = std::current_exception();
      }
      std::lock_guard<std::mutex> lock(mutex_);
      if (--pending_ == 0)
        done_.notify_all();
    }
  }
  void loop() {
    uint64_t seen = 0;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_)
          return;
        seen = generation_;
      }
      work();
    }
  }

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(int64_t)> *job_ = nullptr;
  int64_t chunks_ = 0, next_ = 0, pending_ = 0;
  uint64_t generation_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
};

ThreadPool &pool() {
  static ThreadPool instance([] {
    if (const char *env = std::getenv("KILN_NUM_THREADS"))
      if (int n = std::atoi(env); n > 0)
        return n;
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  }());
  return instance;
}

} // namespace

int numThreads() { return pool().size(); }

/// Set on threads while they run a parallelFor chunk: a nested parallelFor
/// runs inline instead of re-entering the pool.
thread_local bool insideParallelRegion = false;

void parallelFor(int64_t n, int64_t grain,
                 const std::function<void(int64_t, int64_t)> &fn) {
  if (n <= 0)
    return;
  if (insideParallelRegion) {
    fn(0, n);
    return;
  }
  grain = std::max<int64_t>(grain, 1);
  int64_t chunks = std::min<int64_t>((n + grain - 1) / grain, numThreads() * 4);
  if (chunks <= 1 || numThreads() == 1) {
    fn(0, n);
    return;
  }
  int64_t step = (n + chunks - 1) / chunks;
  pool().run(chunks, [&](int64_t c) {
    int64_t begin = c * step, end = std::min(n, begin + step);
    bool outer = insideParallelRegion;
    insideParallelRegion = true;
    try {
      if (begin < end)
        fn(begin, end);
    } catch (...) {
      insideParallelRegion = outer;
      throw;
    }
    insideParallelRegion = outer;
  });
}

} // namespace kiln::rt
