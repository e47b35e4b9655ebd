/**
 * Neural-network layers, initialisers and loss functions built on tensors: Descent's {@code torch.nn}.
 * Fully connected layers ({@link dev.descent.nn.Linear}), convolutional ones ({@link dev.descent.nn.Conv2d},
 * {@link dev.descent.nn.MaxPool2d}, {@link dev.descent.nn.AvgPool2d}, {@link dev.descent.nn.AdaptiveAvgPool2d},
 * {@link dev.descent.nn.BatchNorm2d}, {@link dev.descent.nn.Dropout2d}) in PyTorch's NCHW layout, and
 * {@link dev.descent.nn.Architecture}, a network described in one line ({@code mlp:64,64}, {@code cnn:16,32|64}).
 */
package dev.descent.nn;
