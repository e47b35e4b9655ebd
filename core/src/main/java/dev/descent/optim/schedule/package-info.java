/** Learning-rate schedules that change an optimizer's learning rate once per epoch: the {@code torch.optim.lr_scheduler} of Descent. */
package dev.descent.optim.schedule;
