"""REST endpoints of case handling: @my-cases, @messages, @case-queue, @assign."""
