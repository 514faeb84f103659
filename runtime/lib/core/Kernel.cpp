//===- Kernel.cpp - kernel registry, context helpers, worker threads -------===//

#include "kiln/rt/Kernel.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <exception>
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
  kernels_[op] = std::move(fn);
}

const KernelFn *KernelRegistry::find(std::string_view op) const {
  auto it = kernels_.find(op);
  return it == kernels_.end() ? nullptr : &it->second;
}

std::vector<std::string> KernelRegistry::names() const {
  std::vector<std::string> out;
  for (const auto &entry : kernels_)
    out.push_back(entry.first);
  return out;
}

namespace {

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

/// One parallelFor call: chunks are claimed through an atomic counter by the
/// caller and the workers alike.
struct Job {
  const std::function<void(int64_t)> *fn;
  int64_t chunks;
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> pending;
  std::mutex errorMutex;
  std::exception_ptr error;

  Job(const std::function<void(int64_t)> &f, int64_t n)
      : fn(&f), chunks(n), pending(n) {}

  void work() {
    for (;;) {
      const int64_t chunk = next.fetch_add(1);
      if (chunk >= chunks)
        return;
      try {
        (*fn)(chunk);
      } catch (...) {
        std::lock_guard<std::mutex> lock(errorMutex);
        if (!error)
          error = std::current_exception();
      }
      pending.fetch_sub(1);
    }
  }
};

/// A fixed pool of workers. Handing out a job costs an atomic increment:
/// workers that finished a job spin (with pause) for kSpinSeconds waiting for
/// the next before they sleep on a condition variable, because a model run
/// is a sequence of short parallel regions with short serial gaps, and a
/// futex wake-up (tens of microseconds in a VM) was a large part of the
/// small models' steps. The caller works on its own job too and spins until
/// the last chunk is done.
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
    // One job at a time (parallelFor may be called from several threads;
    // nested calls run inline and never get here).
    std::lock_guard<std::mutex> runLock(runMutex_);
    Job job(fn, chunks);
    current_.store(&job);
    generation_.fetch_add(1);
    if (sleepers_.load() > 0) {
      // Taking the mutex orders this notify after a worker's predicate check.
      { std::lock_guard<std::mutex> lock(mutex_); }
      wake_.notify_all();
    }
    job.work();
    for (int spins = 0; job.pending.load() > 0; ++spins)
      backOff(spins);
    // Retire the job: a worker that picked up the pointer may still be
    // looking at it (finding no chunk left) until it leaves users_.
    current_.store(nullptr);
    for (int spins = 0; users_.load() > 0; ++spins)
      backOff(spins);
    if (job.error)
      std::rethrow_exception(job.error);
  }

  /// Sleeping workers wake up and spin (for kSpinSeconds), so that the next
  /// job finds them ready.
  void nudge() {
    if (sleepers_.load() == 0)
      return;
    nudges_.fetch_add(1);
    { std::lock_guard<std::mutex> lock(mutex_); }
    wake_.notify_all();
  }

private:
  static constexpr double kSpinSeconds = 200e-6;

  /// Spin briefly, then let others run (a preempted worker, an
  /// oversubscribed machine).
  static void backOff(int spins) {
    if (spins < 4096)
      cpuRelax();
    else
      std::this_thread::yield();
  }

  void loop() {
    uint64_t seen = 0;
    for (;;) {
      // Spin for the next job, then sleep (until a job or a nudge).
      auto spinStart = std::chrono::steady_clock::now();
      for (int spins = 0; generation_.load() == seen && !stop_.load();
           ++spins) {
        cpuRelax();
        if ((spins & 255) == 255 &&
            std::chrono::steady_clock::now() - spinStart >
                std::chrono::duration<double>(kSpinSeconds)) {
          std::unique_lock<std::mutex> lock(mutex_);
          const uint64_t nudged = nudges_.load();
          sleepers_.fetch_add(1);
          wake_.wait(lock, [&] {
            return stop_.load() || generation_.load() != seen ||
                   nudges_.load() != nudged;
          });
          sleepers_.fetch_sub(1);
          spins = 0;
          spinStart = std::chrono::steady_clock::now();
        }
      }
      if (stop_.load())
        return;
      seen = generation_.load();
      users_.fetch_add(1);
      if (Job *job = current_.load())
        job->work();
      users_.fetch_sub(1);
    }
  }

  std::vector<std::thread> workers_;
  std::mutex runMutex_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<Job *> current_{nullptr};
  std::atomic<uint64_t> generation_{0};
  std::atomic<uint64_t> nudges_{0};
  std::atomic<int> sleepers_{0};
  std::atomic<int> users_{0};
  std::atomic<bool> stop_{false};
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

void prepareWorkers() {
  if (numThreads() > 1)
    pool().nudge();
}

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

namespace kiln::rt {

namespace {
/// A step's attributes as the FLOP rules read them (never throws: a
/// mistyped attribute reads as absent; the kernel has already rejected it).
class StepFlopAttrs final : public FlopAttrs {
public:
  explicit StepFlopAttrs(const Attrs &attrs) : attrs_(attrs) {}
  std::optional<int64_t> getInt(std::string_view name) const override {
    const AttrValue *v = find(name);
    if (v && v->kind == AttrValue::Kind::Int)
      return v->i;
    return std::nullopt;
  }
  std::optional<double> getFloat(std::string_view name) const override {
    const AttrValue *v = find(name);
    if (v && v->kind == AttrValue::Kind::Float)
      return v->f;
    return std::nullopt;
  }
  std::optional<std::vector<int64_t>>
  getInts(std::string_view name) const override {
    const AttrValue *v = find(name);
    if (v && v->kind == AttrValue::Kind::Ints)
      return v->ints;
    return std::nullopt;
  }

private:
  const AttrValue *find(std::string_view name) const {
    auto it = attrs_.all().find(std::string(name));
    return it == attrs_.all().end() ? nullptr : &it->second;
  }
  const Attrs &attrs_;
};
} // namespace

uint64_t hostStepFlops(std::string_view op,
                       const std::vector<const Tensor *> &inputs,
                       const std::vector<FlopOperand> &outputs,
                       const Attrs &attrs, uint64_t kernelFlops) {
  if (!hasStaticFlopRule(op))
    return kernelFlops;
  std::vector<FlopOperand> ins;
  for (const Tensor *t : inputs) {
    FlopOperand o;
    if (t) {
      o.shape = t->shape();
      o.isFloat = isFloat(t->dtype());
    } else {
      o.present = false;
    }
    ins.push_back(std::move(o));
  }
  FlopResult r = countOpFlops(op, ins, outputs, StepFlopAttrs(attrs));
  return r.kind == FlopRuleKind::Counted ? r.cost.flops : kernelFlops;
}

} // namespace kiln::rt
