package io.github.go4j.internal;

import io.github.go4j.GoroutinesMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/** The platform MBean {@code io.github.go4j:type=Goroutines}: the goroutine dump over JMX. */
final class JmxBean implements GoroutinesMXBean {
  private JmxBean() {}

  static void register() throws JMException {
    ManagementFactory.getPlatformMBeanServer()
        .registerMBean(new JmxBean(), new ObjectName(GoroutinesMXBean.OBJECT_NAME));
  }

  @Override
  public String dump() {
    StringBuilder sb = new StringBuilder(4096);
    try {
      GoroutineRegistry.dump(sb);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sb.toString();
  }

  @Override
  public int getGoroutineCount() {
    return GoroutineRegistry.goroutines().size();
  }
}
