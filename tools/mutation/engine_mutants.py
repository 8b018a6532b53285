"""The mutant catalogue of go4j's channel engine, for mutate.py.

Each entry: id, file (relative to the repository root), desc, edits (a list of (old, new) exact
text replacements; each `old` must occur exactly once in the pristine file) and optionally
jcstress (a regex of the jcstress tests that target the mutant).
"""

I = "core/src/main/java/io/github/go4j/internal/"
BUF = I + "BufferedChan.java"
UNB = I + "UnbufferedChan.java"
CHAN = I + "Chan.java"
SEL = I + "Selector.java"
WAIT = I + "Waiter.java"
DQ = I + "DualQueue.java"
SYNC = I + "SyncWait.java"
SMALL = I + "SmallChan.java"

MUTANTS = [
    # ---- the 14 mutants of the brief ------------------------------------------------------
    dict(id="M01", file=BUF, desc="recvFast ignores SEND_WAIT (takeValue(false))",
         edits=[("    return takeValue(true);", "    return takeValue(false);")]),
    dict(id="M02", file=BUF, desc="sendFast ignores the bits (putValue(value, false))",
         edits=[("    return putValue(value, true);", "    return putValue(value, false);")]),
    dict(id="M03", file=BUF, desc="syncLocked is a no-op",
         edits=[("  void syncLocked() {\n    long want",
                 "  void syncLocked() {\n    if (true) {\n      return;\n    }\n    long want")]),
    dict(id="M04", file=BUF, desc="takeValue expects seq 2p instead of 2p+1",
         edits=[("int d = seqAt(i) - (int) (2 * p + 1);", "int d = seqAt(i) - (int) (2 * p);")]),
    dict(id="M05", file=BUF, desc="recvLocked never moves a blocked sender in",
         edits=[("    if ((recvPos() & SEND_WAIT) != 0) {\n      Node snd",
                 "    if (false) {\n      Node snd")]),
    dict(id="M06", file=BUF, desc="putValue's full check >= capacity becomes >",
         edits=[("if (p - (recvPos() & POS) >= capacity) {",
                 "if (p - (recvPos() & POS) > capacity) {")]),
    dict(id="M07", file=BUF, desc="recvOrFreezeLocked returns NOT_READY without the re-check",
         edits=[("    setSendBits(RECV_WAIT);\n    return recvLocked();",
                 "    setSendBits(RECV_WAIT);\n    return NOT_READY;")]),
    dict(id="M08", file=BUF, desc="sendOrFreezeLocked returns SEND_NOT_READY without the re-check",
         edits=[("    setRecvBit();\n    return putValue(value, false);",
                 "    setRecvBit();\n    return SEND_NOT_READY;")]),
    dict(id="M09", file=CHAN, desc="unlockSlow does not signal the dequeued LockWaiter",
         edits=[("          w.signalled = true;\n          Waiter.unpark(w.thread);\n", "")]),
    dict(id="M10", file=WAIT, desc="tryClaim ignores the stamp (expects the current stamp)",
         edits=[("    long expect = (long) stamp << 32;\n    return STATE",
                 "    long expect = (state >>> 32) << 32;\n    return STATE")],
         jcstress=r"io\.github\.go4j\.(stress\.chan|internal)\..*"),
    dict(id="M11", file=SEL, desc="Selector does not withdraw losing nodes",
         edits=[("        ch.remove(c.kind == Case.SEND ? DualQueue.SENDQ : DualQueue.RECVQ, node);\n",
                 "")]),
    dict(id="M12", file=SEL, desc="Selector pass 2 uses recvLocked instead of recvOrFreezeLocked",
         edits=[("        Object v = ch.recvOrFreezeLocked();", "        Object v = ch.recvLocked();")]),
    dict(id="M13", file=UNB, desc="UnbufferedChan.recvFast reads closed before emptiness",
         edits=[("return looksEmpty(SENDQ) && !closed ? NOT_READY : SLOW;",
                 "return !closed && looksEmpty(SENDQ) ? NOT_READY : SLOW;")]),
    dict(id="M14", file=DQ, desc="pollClaim reads the sender's item after the claim",
         edits=[("      Object v = n.item;\n      if (n.claim(false)) {\n        claimedItem = v;",
                 "      if (n.claim(false)) {\n        claimedItem = n.item;")]),
    # ---- our own --------------------------------------------------------------------------
    dict(id="M15", file=BUF, desc="ring off-by-one: a receive frees its slot for lap p+cap-1",
         edits=[("SEQ.setRelease(seq, i, (int) (2 * (p + capacity)));",
                 "SEQ.setRelease(seq, i, (int) (2 * (p + capacity - 1)));")]),
    dict(id="M16", file=BUF, desc="ring off-by-one: full when p - recvPos >= capacity - 1",
         edits=[("if (p - (recvPos() & POS) >= capacity) {",
                 "if (p - (recvPos() & POS) >= capacity - 1) {")]),
    dict(id="M17", file=BUF, desc="syncLocked: RECV_WAIT and SEND_WAIT swapped in `want`",
         edits=[("(isEmpty(RECVQ) ? 0 : RECV_WAIT) | (isEmpty(SENDQ) ? 0 : SEND_WAIT)",
                 "(isEmpty(RECVQ) ? 0 : SEND_WAIT) | (isEmpty(SENDQ) ? 0 : RECV_WAIT)")]),
    dict(id="M18", file=BUF, desc="syncLocked: recvPos gets the RECV_WAIT bit, not SEND_WAIT",
         edits=[("long wantR = want & SEND_WAIT;", "long wantR = want & RECV_WAIT;")]),
    dict(id="M19", file=CHAN, desc="an interrupted plain waiter does not withdraw its node",
         edits=[("      lock();\n      remove(q, n);\n      n.item = null;",
                 "      lock();\n      n.item = null;")]),
    dict(id="M20", file=SYNC, desc="SyncWait.withdrawDone does not unlink the done node",
         edits=[("    ch.remove(DualQueue.RECVQ, n);\n", "")]),
    dict(id="M21", file=CHAN, desc="unlockSlow clears WAITERS while lock waiters remain",
         edits=[("releaseQueueLock(lockHead == null ? 0 : WAITERS);", "releaseQueueLock(0);")]),
    dict(id="M22", file=CHAN, desc="QLOCKED release drops LOCKED (releaseQueueLock)",
         edits=[("if (LOCK.compareAndSet(this, s, (s & LOCKED) | waiters)) {",
                 "if (LOCK.compareAndSet(this, s, waiters)) {")]),
    dict(id="M23", file=CHAN, desc="lockSlow: a re-queued LockWaiter keeps signalled=true",
         edits=[("          me.signalled = false;\n", "")]),
    dict(id="M24", file=CHAN, desc="receive0 does not clear the received item from its node",
         edits=[("    v = n.item;\n    n.item = null;\n    return v;", "    v = n.item;\n    return v;")]),
    dict(id="M25", file=SEL, desc="select: the winning receive node keeps its item",
         edits=[("    Object item = node.item;\n    node.item = null;", "    Object item = node.item;")]),
    dict(id="M26", file=CHAN, desc="unlockAndWake does not take pendingWake",
         edits=[("    Waiter w = takePendingWake();\n    unlock();", "    Waiter w = null;\n    unlock();")]),
    dict(id="M27", file=CHAN, desc="takePendingWake does not clear pendingWake",
         edits=[("    if (w != null) {\n      pendingWake = null;\n    }\n    return w;",
                 "    return w;")]),
    dict(id="M28", file=CHAN, desc="spinOutcome inverted (a success counts as a failure)",
         edits=[("    if (!parked) {\n      if (spinFailures", "    if (parked) {\n      if (spinFailures")]),
    dict(id="M29", file=SEL, desc="select pass 2 uses sendLocked instead of sendOrFreezeLocked",
         edits=[("        int r = ch.sendOrFreezeLocked(c.value);", "        int r = ch.sendLocked(c.value);")]),
    dict(id="M30", file=CHAN, desc="close() does not claim the send queue",
         edits=[("    claimAllClosed(SENDQ, wake);\n", "")]),
    dict(id="M31", file=CHAN, desc="close() does not claim the receive queue",
         edits=[("    claimAllClosed(RECVQ, wake);\n", "")]),
    dict(id="M32", file=DQ, desc="claimAllClosed claims with closed=false",
         edits=[("      if (n.claim(true)) {", "      if (n.claim(false)) {")]),
    dict(id="M33", file=WAIT, desc="await: parked set after the state check (lost wake-up)",
         edits=[("    parked = true; // then re-check the state before parking\n"
                 "    while ((int) (s = state) == WAITING) {\n"
                 "      LockSupport.park(); // the blocker field holds the record (current())\n"
                 "      if (Thread.interrupted()) {\n        if (STATE",
                 "    while ((int) (s = state) == WAITING) {\n      parked = true;\n"
                 "      LockSupport.park(); // the blocker field holds the record (current())\n"
                 "      if (Thread.interrupted()) {\n        if (STATE")]),
    dict(id="M34", file=WAIT, desc="await returns after one park without re-checking the state",
         edits=[("    parked = true; // then re-check the state before parking\n"
                 "    while ((int) (s = state) == WAITING) {",
                 "    parked = true; // then re-check the state before parking\n"
                 "    if ((int) (s = state) == WAITING) {"),
                ("        Thread.currentThread().interrupt(); // claimed concurrently: completed, keep the status\n"
                 "      }\n    }\n    return (int) s;",
                 "        Thread.currentThread().interrupt(); // claimed concurrently: completed, keep the status\n"
                 "      }\n      s = state;\n    }\n    return (int) s;")]),
    dict(id="M35", file=WAIT, desc="await drops the interrupt when a claim beat the cancel",
         edits=[("        Thread.currentThread().interrupt(); // claimed concurrently: completed, keep the status\n",
                 "")]),
    dict(id="M36", file=DQ, desc="firstLive returns the head even if its wait is finished",
         edits=[("      if (n.owner.isWaiting(n.stamp)) {\n        return n;", "      if (true) {\n        return n;")]),
    dict(id="M37", file=SEL, desc="select withdrawal does not re-sync the waiting bits",
         edits=[("        ch.syncLocked();\n        ch.unlock();\n        node.item = null;",
                 "        ch.unlock();\n        node.item = null;")]),
    dict(id="M38", file=BUF, desc="sendLocked lets a newcomer in while blocked senders wait",
         edits=[("    if ((s & SEND_WAIT) != 0 && firstLive(SENDQ) != null) {\n"
                 "      return SEND_NOT_READY; // full, and blocked senders go first\n    }\n", "")]),
    dict(id="M39", file=DQ, desc="pollClaimReceiver keeps the value in a node whose claim lost",
         edits=[("      n.item = null; // lost: retain nothing\n", "")]),
    dict(id="M40", file=UNB, desc="UnbufferedChan.sendFast reads emptiness before closed",
         edits=[("return !closed && looksEmpty(RECVQ) ? SEND_NOT_READY : SEND_SLOW;",
                 "return looksEmpty(RECVQ) && !closed ? SEND_NOT_READY : SEND_SLOW;")]),
    dict(id="M41", file=WAIT, desc="tryCancel cancels without checking WAITING",
         edits=[("    return (int) s == WAITING && STATE.compareAndSet(this, s, s | CANCELLED);",
                 "    return STATE.compareAndSet(this, s, s | CANCELLED);")]),
    dict(id="M42", file=BUF, desc="recvLocked's move publishes the moved value as free (2q)",
         edits=[("        SEQ.setRelease(seq, j, (int) (2 * q + 1));",
                 "        SEQ.setRelease(seq, j, (int) (2 * q));")]),
    # ---- SmallChan (Go's locked ring, 1-3 slots and timers) -------------------------------
    dict(id="S01", file=SMALL, desc="SmallChan.recvFast reads closed before emptiness",
         edits=[("return count() == 0 && !closed ? NOT_READY : SLOW;",
                 "return !closed && count() == 0 ? NOT_READY : SLOW;")]),
    dict(id="S02", file=SMALL, desc="SmallChan.sendFast reads fullness before closed",
         edits=[("return !closed && count() == capacity ? SEND_NOT_READY : SEND_SLOW;",
                 "return count() == capacity && !closed ? SEND_NOT_READY : SEND_SLOW;")]),
    dict(id="S03", file=SMALL, desc="SmallChan.recvLocked does not wake the sender it moved in",
         edits=[("      sendx = (t + 1 == b.length) ? 0 : t + 1;\n      setPendingWake(s.owner);\n",
                 "      sendx = (t + 1 == b.length) ? 0 : t + 1;\n")]),
    dict(id="S04", file=SMALL, desc="SmallChan.recvLocked lowers the count when a sender moved in",
         edits=[("      setPendingWake(s.owner);\n    } else {\n      setCount(c - 1);\n    }",
                 "      setPendingWake(s.owner);\n    }\n    setCount(c - 1);")]),
    dict(id="S05", file=SMALL, desc="SmallChan.sendLocked accepts a send on a closed channel",
         edits=[("    if (closed) {\n      return SEND_CLOSED;\n    }\n    Node r", "    Node r")]),
    dict(id="S06", file=SMALL, desc="SmallChan.sendLocked buffers into a full ring (c <= capacity)",
         edits=[("    if (c < capacity) {", "    if (c <= capacity) {")]),
    dict(id="S07", file=SMALL, desc="SmallChan.recvLocked keeps the received value in its slot",
         edits=[("    b[h] = null;\n", "")]),
    dict(id="S08", file=SMALL, desc="SmallChan.sendLocked buffers although a receiver waits",
         edits=[("    Node r = pollClaimReceiver(RECVQ, value);", "    Node r = null;")]),
    dict(id="S09", file=SYNC, desc="SyncWait.registerDone does not sync the waiting bits",
         edits=[("    ch.add(DualQueue.RECVQ, w.doneNode().prepare(stamp, DONE, null));\n    ch.syncLocked();\n",
                 "    ch.add(DualQueue.RECVQ, w.doneNode().prepare(stamp, DONE, null));\n")]),
    # ---- the record in the park-blocker field ----------------------------------------------
    dict(id="R01", file=WAIT, desc="install() does not store the record in the blocker field",
         edits=[("    Waiter w = t.isVirtual() ? new Waiter() : PLATFORM.get();\n    LockSupport.setCurrentBlocker(w);\n",
                 "    Waiter w = t.isVirtual() ? new Waiter() : PLATFORM.get();\n")]),
    dict(id="R02", file=WAIT, desc="await parks with park(this), which clears the record",
         edits=[("    while ((int) (s = state) == WAITING) {\n"
                 "      LockSupport.park(); // the blocker field holds the record (current())\n"
                 "      if (Thread.interrupted()) {\n        if (STATE",
                 "    while ((int) (s = state) == WAITING) {\n"
                 "      LockSupport.park(this);\n"
                 "      if (Thread.interrupted()) {\n        if (STATE")]),
    dict(id="R04", file=WAIT, desc="a platform thread makes a fresh record after a foreign park",
         edits=[("    Waiter w = t.isVirtual() ? new Waiter() : PLATFORM.get();\n",
                 "    Waiter w = new Waiter();\n")]),
    dict(id="R03", file=CHAN, desc="the channel lock's park does not put the record back",
         edits=[("          LockSupport.setCurrentBlocker(record); // park(this) cleared it: see Waiter.current()\n",
                 "")]),
]
